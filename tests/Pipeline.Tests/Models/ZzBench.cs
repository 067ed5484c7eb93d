using System.Diagnostics;
using System.Runtime.InteropServices;
using Pipeline.Models;
using Pipeline.Models.Backbones;
using TorchSharp;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Pipeline.Tests.Models;

[Collection(GlobalRandomStateCollection.Name)]
public sealed class ZzBench(ITestOutputHelper output)
{
    [DllImport("torch_cpu", EntryPoint = "_ZN2at13globalContextEv")] static extern IntPtr GlobalContext();
    [DllImport("torch_cpu", EntryPoint = "_ZN2at7Context20setUserEnabledMkldnnEb")] static extern void SetMkldnn(IntPtr ctx, byte on);

    [Theory]
    [InlineData("inception_resnet_v2", 0.25, false)]
    [InlineData("inception_resnet_v2", 0.5, false)]
    [InlineData("inception_resnet_v2", 0.25, true)]
    [InlineData("inception_resnet_v2", 0.5, true)]
    [InlineData("inception_v3", 0.25, false)]
    [InlineData("resnet18", 0.25, false)]
    [InlineData("resnet18", 0.25, true)]
    public void Bench(string arch, double width, bool onednn)
    {
        torch.set_num_threads(2);
        var config = new ModelConfig { Architecture = arch, Width = width, RepeatScale = 0.25, SmallInput = true, Pretrained = "none", InputSize = 64 };
        using var model = ModelFactory.Create(config, 25, 1, AppContext.BaseDirectory);
        if (onednn) SetMkldnn(GlobalContext(), 1);
        model.train();
        using var opt = optim.Adam(model.parameters(), 1e-3);
        var g = new Generator(3);
        using var x = torch.rand(32, 3, 64, 64, generator: g);
        using var y = torch.randint(0, 25, [32], generator: g);
        var sw = new Stopwatch();
        float last = 0; double fwd = 0, bwd = 0;
        for (int s = 0; s < 12; s++)
        {
            if (s == 2) sw.Start();
            using var scope = torch.NewDisposeScope();
            opt.zero_grad();
            var t0 = sw.Elapsed;
            var loss = nn.functional.cross_entropy(model.call(x), y);
            var t1 = sw.Elapsed;
            loss.backward();
            if (s >= 2) fwd += (t1 - t0).TotalMilliseconds; if (s >= 2) bwd += (sw.Elapsed - t1).TotalMilliseconds;
            opt.step();
            last = loss.item<float>();
        }
        sw.Stop();
        if (onednn) SetMkldnn(GlobalContext(), 0);
        var n = model.parameters().Sum(p => p.numel());
        output.WriteLine($"BENCH {arch} width {width} onednn {onednn} params {n} : {10 * 32 / sw.Elapsed.TotalSeconds:F1} img/s ({sw.Elapsed.TotalMilliseconds / 10:F0} ms/step), last loss {last} fwd {fwd/10:F0} ms bwd {bwd/10:F0} ms threads {torch.get_num_threads()}");
    }
}

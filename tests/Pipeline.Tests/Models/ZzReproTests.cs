using Pipeline.Models;
using TorchSharp;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Pipeline.Tests.Models;

[Collection(GlobalRandomStateCollection.Name)]
public sealed class ZzReproTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("inception_resnet_v2", "gap_linear", true)]
        public void Repro(string arch, string head, bool adam)
    {
        torch.set_num_threads(4); torch.autograd.set_detect_anomaly(true);
        var config = new ModelConfig { Architecture = arch, Width = 0.25, RepeatScale = 0.25, SmallInput = true, Pretrained = "none", InputSize = 64,
            Head = new HeadConfig { Kind = head } };
        using var model = ModelFactory.Create(config, 25, 1, AppContext.BaseDirectory);
        model.train();
        var opt = adam ? torch.optim.Adam(model.parameters(), lr: 0.001) : null;
        var g = new Generator(3);
        using var x = torch.rand(32, 3, 64, 64, generator: g);
        using var y = torch.randint(0, 25, [32], generator: g);
        for (int s = 0; s < 3; s++)
        {
            using var scope = torch.NewDisposeScope();
            opt?.zero_grad();
            var logits = model.call(x);
            var badb = model.named_buffers().Where(p => p.buffer.is_floating_point() && !p.buffer.isfinite().all().item<bool>()).Select(p => p.name).Take(3).ToList();
            output.WriteLine($"adam {adam} step {s} logits finite {logits.isfinite().all().item<bool>()} bad buffers {string.Join(",", badb)}");
            var loss = nn.functional.cross_entropy(logits, y);
            try { loss.backward(); } catch (Exception e) { output.WriteLine(e.ToString()); throw; }
            var bad = model.named_parameters().Where(p => p.parameter.grad is null || !p.parameter.grad.isfinite().all().item<bool>()).Select(p => p.name).ToList();
            output.WriteLine($"  loss {loss.item<float>()} bad grads [{string.Join(",", bad)}]");
            opt?.step();
        }
    }
}

using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Pipeline.Models;
using Pipeline.Models.Configuration;
using TorchSharp;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Pipeline.Tests.Models;

[Collection(GlobalRandomStateCollection.Name)]
public sealed class MlNetResNet18Tests
{
    private static readonly string Pretrained = Path.Combine(AppContext.BaseDirectory, "pretrained");
    private readonly ITestOutputHelper output;

    public MlNetResNet18Tests(ITestOutputHelper output) => this.output = output;

    [Fact]
    public void Converted_backbone_matches_OnnxRuntime()
    {
        var config = new ModelConfig { Architecture = "resnet18_2223", Pretrained = ModelFactory.MlNetResNet18, InputSize = 224 };
        var clock = Stopwatch.StartNew();
        using var model = ModelFactory.Create(config, 25, seed: 1, Pretrained);
        output.WriteLine($"conversion + construction: {clock.ElapsedMilliseconds} ms");
        model.eval();

        using var x = torch.rand(1, 3, 224, 224, generator: new Generator(11));
        float[] ours;
        using (torch.no_grad())
        using (var map = model.Features(x))
        using (var pooled = map.mean([2L, 3L]).flatten())
        {
            ours = pooled.data<float>().ToArray();
        }

        float[] reference;
        using (var preprocess = new InferenceSession(Path.Combine(Pretrained, "ResNetPreprocess.onnx")))
        using (var network = new InferenceSession(Path.Combine(Pretrained, "ResNet18.onnx")))
        {
            using var rgb255 = (x * 255f).contiguous();
            var input = new DenseTensor<float>(rgb255.data<float>().ToArray(), [1, 3, 224, 224]);
            using var prepared = preprocess.Run([NamedOnnxValue.CreateFromTensor(preprocess.InputMetadata.Keys.Single(), input)]);
            var bgr = prepared.Single().AsTensor<float>().ToDenseTensor();
            using var features = network.Run([NamedOnnxValue.CreateFromTensor(network.InputMetadata.Keys.Single(), bgr)]);
            reference = features.Single().AsEnumerable<float>().ToArray();
        }

        Assert.Equal(512, reference.Length);
        Assert.Equal(512, ours.Length);
        var maxDiff = ours.Zip(reference, (a, b) => Math.Abs(a - b)).Max();
        output.WriteLine($"max abs diff {maxDiff:E2}, max |feature| {reference.Max(Math.Abs):F3}");
        Assert.True(maxDiff <= 1e-4, $"max abs difference {maxDiff}");
    }

    [Fact]
    public void MlNet_weights_need_the_matching_layout()
    {
        var config = new ModelConfig { Architecture = "resnet18", Pretrained = ModelFactory.MlNetResNet18 };
        var e = Assert.Throws<ArgumentException>(() => ModelFactory.Create(config, 2, 1, Pretrained));
        Assert.Contains("resnet18_2223", e.Message);
    }

}

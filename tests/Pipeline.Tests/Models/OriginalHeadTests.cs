using Pipeline.Config;
using Pipeline.Models;
using Pipeline.Models.Configuration;
using Pipeline.Models.Normalization;
using TorchSharp;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;

namespace Pipeline.Tests.Models;

/// <summary>
/// The 2017 Keras heads and input as the model YAML selects them: BatchNorm before Flatten (its ResNet50) or after
/// (its InceptionResNetV2), Keras' batch-norm constants, and BGR [0,1] input.
/// </summary>
[Collection(GlobalRandomStateCollection.Name)]
public sealed class OriginalHeadTests
{
    private const string Yaml = """
        architecture: tiny_cnn
        pretrained: none
        input_size: 16
        normalization: keras_bgr01
        head: {kind: original, hidden: 6, dropout: 0.5, pooling: flatten, order: bn_flatten, batch_norm: keras}
        """;

    [Fact]
    public void The_model_yaml_selects_the_resnet50_head_order_keras_batch_norm_and_bgr01_input()
    {
        var config = ConfigBinder.Parse<ModelConfig>(Yaml, "resnet.yaml");
        Assert.Equal("bn_flatten", config.Head.Order);
        Assert.Equal("keras", config.Head.BatchNorm);
        Assert.Equal("keras_bgr01", config.Normalization);

        var defaults = ConfigBinder.Parse<ModelConfig>("head: {kind: original}", "inception.yaml");
        Assert.Equal("flatten_bn", defaults.Head.Order);
        Assert.Equal("torch", defaults.Head.BatchNorm);

        var e = Assert.Throws<ConfigException>(() => ConfigBinder.Parse<ModelConfig>("head: {kind: original, order: bn_first}", "resnet.yaml"));
        Assert.Contains("head.order", e.Message);
        Assert.Contains("bn_flatten", e.Message);
    }

    [Fact]
    public void Bn_flatten_normalises_each_channel_of_the_map_with_keras_constants_before_flattening()
    {
        using var model = ModelFactory.Create(ConfigBinder.Parse<ModelConfig>(Yaml, "resnet.yaml"), 3, seed: 1, AppContext.BaseDirectory);
        var head = model.Head.named_modules().ToDictionary(m => m.name, m => m.module);
        var bn1 = (BatchNorm)head["bn1"];
        var bn2 = (BatchNorm)head["bn2"];
        Assert.All(new[] { bn1, bn2 }, bn => Assert.Equal((1e-3, 0.01), (bn.eps, bn.momentum!.Value)));

        using var probe = torch.zeros(1, 3, 16, 16);
        using var map = model.Features(probe);
        var channels = map.shape[1];
        Assert.Equal([channels], bn1.weight!.shape);
        Assert.Equal([6L, channels * map.shape[2] * map.shape[3]], model.Head.state_dict()["fc1.weight"].shape);

        // Eval mode: the head equals per-channel normalisation of the map, then flatten, fc1, ReLU, bn2, fc2.
        using (torch.no_grad())
        {
            var generator = new Generator(3);
            bn1.running_mean!.copy_(torch.rand(channels, generator: generator));
            bn1.running_var!.copy_(torch.rand(channels, generator: generator) + 0.5f);
            bn1.weight!.copy_(torch.rand(channels, generator: generator));
            bn1.bias!.copy_(torch.rand(channels, generator: generator));
        }
        model.eval();
        using var x = torch.rand(2, channels, map.shape[2], map.shape[3], generator: new Generator(4));
        using var actual = model.Head.call(x);
        using var expected = ManualHead(model, bn1, bn2, x);
        Assert.True(actual.allclose(expected, rtol: 1e-5, atol: 1e-6), "bn_flatten head differs from per-channel BatchNorm → Flatten → Dense → ReLU → BatchNorm → Dense");

        // Train mode: running statistics move by Keras' 1 - 0.99 per batch.
        model.train();
        using var before = bn1.running_mean!.clone();
        using var batchMean = x.mean([0L, 2L, 3L]);
        using var _ = model.Head.call(x);
        using var expectedMean = before * 0.99f + batchMean * 0.01f;
        Assert.True(bn1.running_mean!.allclose(expectedMean, rtol: 1e-5, atol: 1e-7));
    }

    [Fact]
    public void Flatten_bn_with_torch_constants_stays_the_default_original_head()
    {
        var config = new ModelConfig { Architecture = "tiny_cnn", Pretrained = "none", InputSize = 16, Head = new HeadConfig { Kind = "original", Hidden = 6 } };
        using var model = ModelFactory.Create(config, 3, seed: 1, AppContext.BaseDirectory);
        var bn1 = (BatchNorm)model.Head.named_modules().Single(m => m.name == "bn1").module;
        Assert.Equal((1e-5, 0.1), (bn1.eps, bn1.momentum!.Value));
        Assert.Equal([model.Head.state_dict()["fc1.weight"].shape[1]], bn1.weight!.shape);
    }

    [Fact]
    public void Keras_bgr01_input_is_the_rgb_image_with_its_channels_reversed()
    {
        using var model = ModelFactory.Create(ConfigBinder.Parse<ModelConfig>(Yaml, "resnet.yaml"), 3, seed: 1, AppContext.BaseDirectory);
        Assert.Equal("keras_bgr01", ((InputNormalization)model.Normalize).Kind);
        using var x = torch.rand(2, 3, 16, 16, generator: new Generator(5));
        using var y = model.Normalize.call(x);
        using var bgr = x.flip(1);
        Assert.True(y.equal(bgr).all().item<bool>());
    }

    private static Tensor ManualHead(ClassifierModel model, BatchNorm bn1, BatchNorm bn2, Tensor x)
    {
        var head = model.Head.state_dict();
        using var scope = torch.NewDisposeScope();
        var shape = new long[] { 1, -1, 1, 1 };
        var normalized = (x - bn1.running_mean!.reshape(shape)) / (bn1.running_var!.reshape(shape) + 1e-3f).sqrt() * bn1.weight!.reshape(shape) + bn1.bias!.reshape(shape);
        var hidden = nn.functional.linear(normalized.flatten(1), head["fc1.weight"], head["fc1.bias"]).relu();
        var hidden2 = (hidden - bn2.running_mean!) / (bn2.running_var! + 1e-3f).sqrt() * bn2.weight! + bn2.bias!;
        return nn.functional.linear(hidden2, head["fc2.weight"], head["fc2.bias"]).MoveToOuterDisposeScope();
    }
}

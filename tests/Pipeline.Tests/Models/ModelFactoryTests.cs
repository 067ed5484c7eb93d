using Pipeline.Models;
using Pipeline.Models.Backbones;
using Pipeline.Models.Configuration;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Pipeline.Tests.Models;

[Collection(GlobalRandomStateCollection.Name)]
public sealed class ModelFactoryTests
{
    private static readonly string Pretrained = Path.Combine(AppContext.BaseDirectory, "pretrained");

    private static ModelConfig Tiny(string head = "gap_linear") => new()
    {
        Architecture = "tiny_cnn",
        Pretrained = "none",
        InputSize = 32,
        Head = new HeadConfig { Kind = head, Hidden = 16, Dropout = 0.5 },
    };

    [Fact]
    public void TinyCnn_with_gap_linear_head_gives_logits_per_class()
    {
        using var model = ModelFactory.Create(Tiny(), 5, seed: 1, Pretrained);
        model.eval();
        using var x = torch.rand(2, 3, 32, 32, generator: new Generator(3));
        using var logits = model.call(x);
        Assert.Equal(new long[] { 2, 5 }, logits.shape);
        Assert.False(logits.isnan().any().all().item<bool>());
    }

    [Fact]
    public void Same_seed_gives_identical_weights_and_different_seed_does_not()
    {
        using var a = ModelFactory.Create(Tiny("original"), 5, seed: 7, Pretrained);
        using var b = ModelFactory.Create(Tiny("original"), 5, seed: 7, Pretrained);
        using var c = ModelFactory.Create(Tiny("original"), 5, seed: 8, Pretrained);
        var sa = a.state_dict();
        var sb = b.state_dict();
        var sc = c.state_dict();
        Assert.Equal(sa.Keys, sb.Keys);
        Assert.All(sa.Keys, k => Assert.True(sa[k].equal(sb[k]).all().item<bool>(), k));
        Assert.Contains(sa.Keys, k => sa[k].is_floating_point() && !sa[k].equal(sc[k]).all().item<bool>());
    }

    [Fact]
    public void Create_leaves_the_global_random_state_alone()
    {
        torch.random.manual_seed(42);
        using var expected = torch.rand(4);
        torch.random.manual_seed(42);
        using var model = ModelFactory.Create(Tiny(), 3, seed: 1, Pretrained);
        using var actual = torch.rand(4);
        Assert.True(expected.equal(actual).all().item<bool>());
    }

    [Theory]
    [InlineData("flatten", 64L * 4 * 4)]
    [InlineData("avg", 64L)]
    public void Original_head_size_follows_pooling_and_input_size(string pooling, long features)
    {
        var config = Tiny("original") with { Head = new HeadConfig { Kind = "original", Hidden = 16, Pooling = pooling } };
        using var model = ModelFactory.Create(config, 4, seed: 1, Pretrained);
        var fc1 = model.Head.state_dict()["fc1.weight"];
        Assert.Equal(new[] { 16L, features }, fc1.shape);
        model.train();
        using var x = torch.rand(3, 3, 32, 32, generator: new Generator(1));
        using var y = model.call(x);
        Assert.Equal(new long[] { 3, 4 }, y.shape);
    }

    [Fact]
    public void Unknown_architecture_is_a_clear_error()
    {
        var e = Assert.Throws<ArgumentException>(() => ModelFactory.Create(Tiny() with { Architecture = "resnet19" }, 2, 1, Pretrained));
        Assert.Contains("resnet19", e.Message);
        Assert.Contains("resnet18_2223", e.Message);
    }

    [Fact]
    public void MlNet_normalization_uses_channel_means_away_from_224()
    {
        using var model = ModelFactory.Create(Tiny() with { Normalization = "mlnet" }, 2, 1, Pretrained);
        using var x = torch.rand(1, 3, 16, 16, generator: new Generator(5));
        using var y = model.Normalize.call(x);
        // Output channel 0 is blue: 255·B − 103.06.
        using var expected = x[0, 2] * 255f - 103.06f;
        Assert.True(y[0, 0].allclose(expected, rtol: 0, atol: 1e-3));
    }
}

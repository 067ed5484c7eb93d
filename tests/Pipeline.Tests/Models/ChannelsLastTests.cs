using Pipeline.Models;
using Pipeline.Training.Optimization;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Pipeline.Tests.Models;

/// <summary>
/// channels_last without TorchSharp API for it (<see cref="ChannelsLast"/>): the NHWC strides, libtorch keeping the
/// layout through a convolution, the same outputs as contiguous, and flat-optimizer training that keeps the layout and
/// follows contiguous training.
/// </summary>
[Collection(Pipeline.Tests.Training.TorchCollection.Name)]
public sealed class ChannelsLastTests
{
    [Fact]
    public void From_gives_NHWC_strides_and_the_same_values()
    {
        using var generator = new Generator(7);
        using var x = torch.randn([2, 3, 5, 4], generator: generator);
        using var converted = ChannelsLast.From(x);

        Assert.False(ChannelsLast.Is(x));
        Assert.True(ChannelsLast.Is(converted));
        Assert.Equal([60L, 1, 12, 3], converted.stride());
        Assert.Equal(x.shape, converted.shape);
        Assert.True(x.eq(converted).all().item<bool>());
    }

    [Fact]
    public void From_refuses_a_tensor_that_is_not_4_D()
    {
        using var x = torch.zeros(3, 4);
        var error = Assert.Throws<ArgumentException>(() => ChannelsLast.From(x));
        Assert.Contains("4-D", error.Message);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_convolution_of_channels_last_input_and_weights_stays_channels_last_and_matches_contiguous(bool oneDnn)
    {
        Pipeline.Models.Backbones.ConvolutionKernels.Use(oneDnn);
        using var generator = new Generator(8);
        using var x = torch.randn([4, 16, 12, 12], generator: generator);
        using var w = torch.randn([32, 16, 3, 3], generator: generator);
        using var xl = ChannelsLast.From(x);
        using var wl = ChannelsLast.From(w);
        using var expected = nn.functional.conv2d(x, w, padding: [1, 1]);
        using var actual = nn.functional.conv2d(xl, wl, padding: [1, 1]);

        Assert.True(ChannelsLast.Is(actual));
        Assert.False(ChannelsLast.Is(expected));
        Assert.True(expected.allclose(actual, rtol: 1e-4, atol: 1e-4));
    }

    [Fact]
    public void Apply_puts_the_convolution_weights_in_channels_last_and_keeps_the_outputs()
    {
        using var reference = TinyConvNet(3);
        using var converted = TinyConvNet(3);
        ChannelsLast.Apply(converted);

        Assert.All(converted.parameters().Where(p => p.dim() == 4), p => Assert.True(ChannelsLast.Is(p)));
        AssertSameOutputs(reference, converted, batch: 4, seed: 9, "the channels_last model does not compute what the contiguous one does");
    }

    /// <summary>Both models in eval mode on the same seeded batch, <paramref name="contiguous"/> on it as it is and <paramref name="channelsLast"/> on its NHWC view: the same outputs.</summary>
    private static void AssertSameOutputs(nn.Module<Tensor, Tensor> contiguous, nn.Module<Tensor, Tensor> channelsLast, int batch, int seed, string message)
    {
        contiguous.eval();
        channelsLast.eval();
        using var generator = new Generator((ulong)seed);
        using var x = torch.rand([batch, 3, 16, 16], generator: generator);
        using var xl = ChannelsLast.From(x);
        using var noGrad = torch.no_grad();
        using var expected = contiguous.call(x);
        using var actual = channelsLast.call(xl);
        Assert.True(expected.allclose(actual, rtol: 1e-4, atol: 1e-5), message);
    }

    [Fact]
    public void Undo_lets_a_checkpoint_load_into_a_channels_last_model_as_TTA_does_for_each_checkpoint()
    {
        using var source = TinyConvNet(5);
        using var model = TinyConvNet(6);
        var path = Path.Combine(Path.GetTempPath(), $"channels-last-{Guid.NewGuid():N}.pt");
        try
        {
            source.save(path);
            ChannelsLast.Apply(model);

            // TorchSharp reads a checkpoint only into contiguous tensors: loading into the channels_last model fails.
            Assert.Throws<InvalidOperationException>(() => model.load(path));
            ChannelsLast.Undo(model);
            Assert.All(model.parameters().Where(p => p.dim() == 4), p => Assert.True(p.is_contiguous()));
            model.load(path);
            ChannelsLast.Apply(model);
            AssertSameOutputs(source, model, batch: 2, seed: 11, "the loaded channels_last model does not compute what the checkpoint's model does");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Flat_Adam_keeps_channels_last_parameters_and_follows_contiguous_training()
    {
        using var reference = TinyConvNet(4);
        using var converted = TinyConvNet(4);
        ChannelsLast.Apply(converted);
        reference.train();
        converted.train();
        using var theirs = new FlatAdam(reference.parameters().ToArray(), 0.01, 0.9, 0.999, 1e-8, 0);
        using var ours = new FlatAdam(converted.parameters().ToArray(), 0.01, 0.9, 0.999, 1e-8, 0);
        using var generator = new Generator(10);
        using var x = torch.rand([8, 3, 16, 16], generator: generator);
        using var xl = ChannelsLast.From(x);
        using var y = torch.randint(0, 4, [8], generator: generator);

        for (int step = 0; step < 3; step++)
        {
            foreach (var (net, optimizer, input) in new[] { (reference, theirs, x), (converted, ours, xl) })
            {
                using var scope = torch.NewDisposeScope();
                optimizer.ZeroGrad();
                nn.functional.cross_entropy(net.call(input), y).backward();
                optimizer.Step();
            }
        }

        var moved = reference.parameters().Zip(TinyConvNet(4).parameters()).Any(pair => !pair.First.eq(pair.Second).all().item<bool>());
        Assert.True(moved);
        foreach (var (expected, actual) in reference.parameters().Zip(converted.parameters()))
        {
            if (actual.dim() == 4)
            {
                Assert.True(ChannelsLast.Is(actual), "a channels_last weight went back to contiguous");
                Assert.True(ChannelsLast.Is(actual.grad!), "a channels_last weight's gradient is not laid out like it");
            }

            Assert.True(expected.allclose(actual, rtol: 1e-3, atol: 1e-5), "channels_last training drifted from contiguous training");
        }
    }

    private static nn.Module<Tensor, Tensor> TinyConvNet(int seed)
    {
        using var generator = new Generator((ulong)seed);
        var net = nn.Sequential(
            nn.Conv2d(3, 16, 3, padding: 1, bias: false), nn.BatchNorm2d(16), nn.ReLU(),
            nn.Conv2d(16, 32, 3, stride: 2, padding: 1, bias: false), nn.BatchNorm2d(32), nn.ReLU(),
            nn.Conv2d(32, 32, 1, bias: false), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(32, 4));
        using (torch.no_grad())
        {
            foreach (var p in net.parameters())
            {
                p.copy_(torch.randn(p.shape, generator: generator).mul_(0.2f.ToScalar()));
            }
        }

        return net;
    }
}

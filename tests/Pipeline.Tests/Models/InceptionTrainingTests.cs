using Pipeline.Models;
using Pipeline.Models.Backbones;
using Pipeline.Models.Configuration;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Pipeline.Tests.Models;

/// <summary>
/// Narrow Inception variants train from random init. They gave a NaN loss within the first Adam
/// steps: libtorch's oneDNN CPU convolutions compute wrong results (and NaNs from uninitialised block
/// padding) for channel counts such as 8, 12, 20 (see <see cref="ConvolutionKernels"/>). The NaNs
/// depend on memory contents; the float64 comparison below catches the wrong kernels every time.
/// </summary>
[Collection(GlobalRandomStateCollection.Name)]
public sealed class InceptionTrainingTests
{
    [Theory]
    [InlineData("inception_resnet_v2", "gap_linear")]
    [InlineData("inception_resnet_v2", "original")]
    [InlineData("inception_v3", "gap_linear")]
    public void Narrow_small_input_variants_train_with_finite_falling_loss(string architecture, string head)
    {
        var config = new ModelConfig
        {
            Architecture = architecture, Width = 0.25, RepeatScale = 0.25, SmallInput = true, Pretrained = "none", InputSize = 64,
            Head = new HeadConfig { Kind = head, Hidden = 32 },
        };
        using var model = ModelFactory.Create(config, 25, 7, AppContext.BaseDirectory);
        Assert.False(model.OneDnnSafe);
        model.train();
        var parameters = model.parameters().ToList();
        using var optimizer = optim.Adam(parameters, 1e-3);
        using var x = torch.rand(8, 3, 64, 64, generator: new Generator(11));
        using var y = torch.tensor(new long[] { 0, 3, 7, 11, 15, 19, 23, 24 });
        var losses = new List<float>();
        for (var step = 0; step < 4; step++)
        {
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            var loss = nn.functional.cross_entropy(model.call(x), y);
            Assert.True(ConvolutionKernels.OneDnnDisabled || !OperatingSystem.IsLinux(), "a narrow network must run with oneDNN convolutions off");
            loss.backward();
            losses.Add(loss.item<float>());
            Assert.True(float.IsFinite(losses[^1]), $"step {step}: loss {losses[^1]}");
            Assert.All(model.named_parameters(), p =>
            {
                Assert.True(p.parameter.grad is not null, $"step {step}: {p.name} has no gradient");
                Assert.True(p.parameter.grad!.isfinite().all().item<bool>(), $"step {step}: {p.name} has a non-finite gradient");
            });
            optimizer.step();
        }
        Assert.True(losses[^1] < losses[0], $"loss did not fall: {string.Join(", ", losses)}");
    }

    [Theory]
    [InlineData(8, 12, 3, 1)] // Block35 branch2: output channels not a multiple of 16
    [InlineData(20, 48, 3, 1)] // conv2d_4a at width 0.25: padded input channel blocks
    [InlineData(48, 16, 3, 2)] // a stride-2 reduction
    [InlineData(40, 48, 7, 1)] // Block17's 7-wide kernels
    public void Batched_convolution_gradients_match_a_float64_reference(int inChannels, int outChannels, int kernel, int stride)
    {
        ConvolutionKernels.DisableOneDnn();
        using var scope = torch.NewDisposeScope();
        var generator = new Generator(3);
        var weight = torch.randn(new long[] { outChannels, inChannels, kernel, kernel }, generator: generator).requires_grad_(true);
        var x = torch.randn(new long[] { 32, inChannels, 8, 8 }, generator: generator).requires_grad_(true);
        long[] strides = [stride, stride], padding = [kernel / 2, kernel / 2];
        var y = nn.functional.conv2d(x, weight, strides: strides, padding: padding);
        var upstream = torch.randn(y.shape, generator: generator);
        y.backward([upstream]);

        var x64 = x.detach().to(float64).requires_grad_(true);
        var weight64 = weight.detach().to(float64).requires_grad_(true);
        var y64 = nn.functional.conv2d(x64, weight64, strides: strides, padding: padding);
        y64.backward([upstream.to(float64)]);

        static double RelativeError(Tensor actual, Tensor expected) =>
            (actual.to(float64) - expected).abs().max().item<double>() / expected.abs().max().item<double>();
        Assert.True(RelativeError(y, y64) < 1e-4, $"forward error {RelativeError(y, y64)}");
        Assert.True(RelativeError(x.grad!, x64.grad!) < 1e-4, $"input gradient error {RelativeError(x.grad!, x64.grad!)}");
        Assert.True(RelativeError(weight.grad!, weight64.grad!) < 1e-4, $"weight gradient error {RelativeError(weight.grad!, weight64.grad!)}");
        Assert.True(ConvolutionKernels.OneDnnDisabled || !OperatingSystem.IsLinux(), "oneDNN convolutions are still on");
    }

    [Fact]
    public void ResNet_channel_counts_are_safe_for_oneDNN_and_narrow_ones_are_not()
    {
        using var resnet = ModelFactory.Create(new ModelConfig { Architecture = "resnet18_2223", Pretrained = "none" }, 5, 1, AppContext.BaseDirectory);
        using var narrow = ModelFactory.Create(new ModelConfig { Architecture = "resnet18", Width = 0.125, Pretrained = "none" }, 5, 1, AppContext.BaseDirectory);
        Assert.True(resnet.OneDnnSafe);
        Assert.False(narrow.OneDnnSafe);
        using var x = torch.rand(2, 3, 32, 32);
        using var a = narrow.call(x);
        Assert.True(ConvolutionKernels.OneDnnDisabled || !OperatingSystem.IsLinux(), "the narrow network's forward turns oneDNN off");
        // libtorch's own reading of its switch agrees with the record (null where the switch cannot be reached).
        Assert.Equal(OperatingSystem.IsLinux() ? false : null, ConvolutionKernels.OneDnnEnabled);
        using var b = resnet.call(x);
        Assert.False(ConvolutionKernels.OneDnnDisabled, "the ResNet's forward turns oneDNN back on");
        Assert.Equal(OperatingSystem.IsLinux() ? true : null, ConvolutionKernels.OneDnnEnabled);
    }

    [Fact]
    public void A_divisor_of_16_keeps_the_narrow_InceptionResNet_on_oneDNN_and_leaves_the_full_one_unchanged()
    {
        var narrow = new ModelConfig { Architecture = "inception_resnet_v2", Width = 0.25, RepeatScale = 0.25, SmallInput = true, Pretrained = "none", InputSize = 64, Head = new HeadConfig { Kind = "gap_linear" } };
        using var plain = ModelFactory.Create(narrow, 5, 1, AppContext.BaseDirectory);
        using var rounded = ModelFactory.Create(narrow with { ChannelDivisor = 16 }, 5, 1, AppContext.BaseDirectory);
        Assert.False(plain.OneDnnSafe);
        Assert.True(rounded.OneDnnSafe);
        Assert.All(rounded.modules().OfType<TorchSharp.Modules.Conv2d>(), c => Assert.True(c.out_channels % 16 == 0, $"{c.out_channels} output channels"));

        using var x = torch.rand(4, 3, 64, 64);
        using var y = rounded.call(x);
        Assert.False(ConvolutionKernels.OneDnnDisabled, "the rounded network runs on oneDNN");
        Assert.Equal(new long[] { 4, 5 }, y.shape);
        Assert.True(y.isfinite().all().item<bool>());

        // The published network's counts are multiples of 16 already: the divisor changes nothing at width 1.
        var full = new ChannelWidth(1.0, 16);
        Assert.All(new long[] { 32, 48, 64, 80, 96, 160, 192, 224, 288, 320, 1088, 1536, 2080 }, c => Assert.Equal(c, full.Of(c)));
        var quarter = new ChannelWidth(0.25, 16);
        Assert.Equal(48, quarter.Of(192));
        Assert.Equal(16, quarter.Of(32));   // 8 → the divisor, never below it
        Assert.Equal(32, quarter.Of(80));   // 20 → 16 would lose 20% of the channels: rounded up instead
        Assert.Equal(20, new ChannelWidth(0.25).Of(80));
        Assert.Equal(1.0, default(ChannelWidth).Multiplier);
    }
}

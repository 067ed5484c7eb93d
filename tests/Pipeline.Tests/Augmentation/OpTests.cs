using Pipeline.Augmentation;
using Pipeline.Augmentation.Ops;
using Pipeline.Augmentation.Specs;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Pipeline.Tests.Augmentation;

public sealed class OpTests
{
    private static Tensor Images(long n = 4, long size = 16, long seed = 1) => torch.rand(n, 3, size, size, generator: new Generator((ulong)seed));

    private static Tensor Run(AugmentationSpec spec, Tensor images, long seed = 5) => AugmenterFactory.Create(spec).Apply(images, new Generator((ulong)seed));

    private static float MaxDiff(Tensor a, Tensor b) => (a - b).abs().max().item<float>();

    [Fact]
    public void Flipping_twice_is_the_identity()
    {
        using var x = Images();
        foreach (AugmentationSpec flip in new AugmentationSpec[] { new FliplrSpec { P = 1 }, new FlipudSpec { P = 1 } })
        {
            using var once = Run(flip, x);
            using var twice = Run(flip, once);
            Assert.Equal(0f, MaxDiff(twice, x));
            Assert.True(MaxDiff(once, x) > 0.1f);
        }
        using var lr = Run(new FliplrSpec { P = 1 }, x);
        Assert.Equal(0f, MaxDiff(lr, x.flip(3)));
    }

    [Theory]
    [InlineData("linear", "reflect")]
    [InlineData("nearest", "constant")]
    [InlineData("linear", "symmetric")]
    public void An_identity_affine_returns_the_input(string order, string mode)
    {
        using var x = Images();
        using var y = Run(new AffineSpec { Order = order, Mode = mode }, x);
        Assert.True(MaxDiff(x, y) < 1e-5f);
    }

    [Fact]
    public void Translation_moves_content_by_whole_pixels_and_modes_fill_the_gap()
    {
        using var x = Images(2, 16);
        AffineSpec Shift(string mode) => new() { TranslateX = ValueRange.Fixed(0.25), TranslateY = ValueRange.Fixed(0), Order = "nearest", Mode = mode };
        using var constant = Run(Shift("constant"), x);
        Assert.True(MaxDiff(constant[.., .., .., 4..], x[.., .., .., ..12]) < 1e-6f);
        Assert.Equal(0f, constant[.., .., .., ..4].abs().max().item<float>());
        // Output column 0 shows source column −4: reflect → 4, symmetric → 3, wrap → 12, edge → 0.
        foreach (var (mode, column) in new[] { ("reflect", 4), ("symmetric", 3), ("wrap", 12), ("edge", 0) })
        {
            using var y = Run(Shift(mode), x);
            Assert.True(MaxDiff(y[.., .., .., 0], x[.., .., .., column]) < 1e-6f, mode);
        }
    }

    [Fact]
    public void A_right_angle_rotation_of_a_square_image_is_a_permutation()
    {
        using var x = Images(2, 16);
        using var y = Run(new AffineSpec { Rotate = ValueRange.Fixed(90), Order = "nearest" }, x);
        var clockwise = MaxDiff(y, x.rot90(1, (2, 3)));
        var counter = MaxDiff(y, x.rot90(-1, (2, 3)));
        Assert.True(Math.Min(clockwise, counter) < 1e-6f);
    }

    [Fact]
    public void Coarse_dropout_drops_the_requested_fraction()
    {
        using var x = torch.full(64, 3, 32, 32, 0.5f);
        using var y = Run(new CoarseDropoutSpec { P = ValueRange.Fixed(0.3), Size = ValueRange.Fixed(0.25) }, x);
        var dropped = (y == 0).to(ScalarType.Float32).mean().item<float>();
        Assert.InRange(dropped, 0.25f, 0.35f);
        // Cells are 4×4 pixels (8 cells on 32 px): every cell is all kept or all dropped.
        using var cells = (y == 0).to(ScalarType.Float32).view(64, 3, 8, 4, 8, 4).mean([3L, 5L]);
        Assert.Equal(0f, (cells * (1 - cells)).max().item<float>());
    }

    [Fact]
    public void Colour_operations_follow_the_imgaug_formulas()
    {
        using var x = torch.full(2, 3, 8, 8, 0.4f);
        using var added = Run(new AddSpec { Value = ValueRange.Fixed(51) }, x);
        Assert.True(MaxDiff(added, x + 0.2f) < 1e-6f);
        using var multiplied = Run(new MultiplySpec { Mul = ValueRange.Fixed(1.5) }, x);
        Assert.True(MaxDiff(multiplied, x * 1.5f) < 1e-6f);
        using var contrast = Run(new ContrastNormalizationSpec { Alpha = ValueRange.Fixed(2) }, x);
        var expected = (0.4f - 128f / 255f) * 2f + 128f / 255f;
        Assert.True(MaxDiff(contrast, torch.full_like(x, expected)) < 1e-6f);
        using var clamped = Run(new AddSpec { Value = ValueRange.Fixed(255) }, x);
        Assert.Equal(1f, clamped.min().item<float>());
        using var perChannel = Run(new AddSpec { Value = new ValueRange(-50, 50), PerChannel = 1 }, x);
        Assert.True((perChannel[.., 0] - perChannel[.., 1]).abs().max().item<float>() > 1e-4f);
    }

    [Fact]
    public void Blur_keeps_a_constant_image_and_smooths_a_noisy_one()
    {
        using var flat = torch.full(4, 3, 16, 16, 0.37f);
        var spec = new AverageBlurSpec { KWidth = new IntRange(3, 7), KHeight = new IntRange(2, 5) };
        using var blurredFlat = Run(spec, flat);
        Assert.True(MaxDiff(blurredFlat, flat) < 1e-6f);
        using var noisy = Images(4, 16);
        using var blurred = Run(spec, noisy);
        Assert.True(blurred.std().item<float>() < noisy.std().item<float>() * 0.8f);
        using var none = Run(new AverageBlurSpec { KWidth = new IntRange(1, 1), KHeight = new IntRange(1, 1) }, noisy);
        Assert.Equal(0f, MaxDiff(none, noisy));
    }

    [Fact]
    public void Gaussian_noise_has_the_requested_standard_deviation()
    {
        using var x = torch.full(4, 3, 32, 32, 0.5f);
        using var y = Run(new GaussianNoiseSpec { Scale = ValueRange.Fixed(25.5) }, x);
        Assert.InRange((y - x).std().item<float>(), 0.09f, 0.11f);
        // Not per channel: the three channels get the same noise.
        Assert.True(MaxDiff(y[.., 0], y[.., 2]) < 1e-6f);
    }

    [Fact]
    public void Piecewise_affine_distorts_locally_without_leaving_the_range()
    {
        using var x = Images(4, 32);
        using var y = Run(new PiecewiseAffineSpec { Scale = ValueRange.Fixed(0.03) }, x);
        var diff = MaxDiff(x, y);
        Assert.True(diff > 0.05f);
        using var zero = Run(new PiecewiseAffineSpec { Scale = ValueRange.Fixed(0) }, x);
        Assert.True(MaxDiff(x, zero) < 1e-5f);
    }

    [Fact]
    public void Combinators_choose_as_specified()
    {
        using var x = torch.full(16, 3, 8, 8, 0.2f);
        var add = new AddSpec { Value = ValueRange.Fixed(25.5) };
        using var never = Run(new SometimesSpec { P = 0, Then = [add] }, x);
        Assert.Equal(0f, MaxDiff(never, x));
        using var always = Run(new SometimesSpec { P = 1, Then = [add] }, x);
        Assert.True(MaxDiff(always, x + 0.1f) < 1e-6f);
        using var otherwise = Run(new SometimesSpec { P = 0, Then = [add], Else = [add, add] }, x);
        Assert.True(MaxDiff(otherwise, x + 0.2f) < 1e-6f);

        using var both = Run(new SomeOfSpec { Min = 2, Max = 2, RandomOrder = true, Ops = [add, add] }, x);
        Assert.True(MaxDiff(both, x + 0.2f) < 1e-6f);
        using var some = Run(new SomeOfSpec { Min = 0, Max = 1, Ops = [add, add] }, x);
        var perImage = (some - x).mean([1L, 2L, 3L]);
        Assert.True(((perImage - 0f).abs() < 1e-5f).logical_or((perImage - 0.1f).abs() < 1e-5f).all().item<bool>());

        using var one = Run(new OneOfSpec { Ops = [add, new MultiplySpec { Mul = ValueRange.Fixed(2) }] }, x);
        var values = one.mean([1L, 2L, 3L]);
        Assert.True(((values - 0.3f).abs() < 1e-5f).logical_or((values - 0.4f).abs() < 1e-5f).all().item<bool>());
        Assert.True((values - 0.3f).abs().max().item<float>() > 0.05f, "both branches should occur in 16 images");
    }

    [Fact]
    public void The_same_seed_gives_the_same_batch_and_another_seed_does_not()
    {
        using var x = Images(6, 24);
        var augmenter = AugmentationPresets.BuiltIn.Create("aggressive_part2");
        using var a = augmenter.Apply(x, new Generator(3));
        using var b = augmenter.Apply(x, new Generator(3));
        using var c = augmenter.Apply(x, new Generator(4));
        Assert.Equal(0f, MaxDiff(a, b));
        Assert.True(MaxDiff(a, c) > 0.1f);
    }

    [Fact]
    public void Augmenters_do_not_modify_their_input()
    {
        using var x = Images(4, 16);
        using var copy = x.clone();
        using var y = AugmentationPresets.BuiltIn.Create("resnet_colour").Apply(x, new Generator(1));
        Assert.Equal(0f, MaxDiff(x, copy));
    }
}

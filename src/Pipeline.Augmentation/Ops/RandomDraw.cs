using Pipeline.Augmentation.Specs;
using Pipeline.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Augmentation.Ops;

/// <summary>
/// Per-image random parameters as tensors. Everything is drawn on the CPU from the caller's
/// generator and then moved to the images' device, so a seed gives the same batch on any device.
/// </summary>
internal static class RandomDraw
{
    public static Tensor Uniform(Generator generator, long count, ValueRange range, Device device) =>
        Uniform(generator, [count], range, device);

    public static Tensor Uniform(Generator generator, long[] shape, ValueRange range, Device device)
    {
        using var u = torch.rand(shape, ScalarType.Float32, generator: generator);
        using var width = ((float)(range.Max - range.Min)).ToScalar();
        using var min = ((float)range.Min).ToScalar();
        using var scaled = u.mul(width).add(min, ScalarConstants.One);
        return scaled.to(device);
    }

    /// <summary>A bool per image, true with probability <paramref name="p"/>.</summary>
    public static Tensor Chance(Generator generator, long count, double p, Device device)
    {
        using var u = torch.rand([count], ScalarType.Float32, generator: generator);
        using var threshold = p.ToScalar();
        using var hit = u.lt(threshold);
        return hit.to(device);
    }

    /// <summary>Integers in [min, max] per image, on the CPU (callers group images by them).</summary>
    public static Tensor Integers(Generator generator, long count, int min, int max) =>
        torch.randint(min, max + 1L, [count], ScalarType.Int64, generator: generator);

    public static Tensor Normal(Generator generator, long[] shape, Device device)
    {
        using var n = torch.randn(shape, ScalarType.Float32, generator: generator);
        return n.to(device);
    }
}

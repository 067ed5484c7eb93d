using Pipeline.Augmentation.Specs;
using Pipeline.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Augmentation.Ops;

/// <summary>
/// Box blur with a kernel size drawn per image: images are grouped by their (width, height) kernel
/// and each group is filtered with one reflect-padded box filter (at most a few dozen groups).
/// </summary>
public sealed class AverageBlurAugmenter : IAugmenter
{
    private readonly AverageBlurSpec spec;

    public AverageBlurAugmenter(AverageBlurSpec spec) => this.spec = spec;

    public Tensor Apply(Tensor images, Generator generator)
    {
        using var scope = NewDisposeScope();
        var n = images.shape[0];
        var kw = RandomDraw.Integers(generator, n, spec.KWidth.Min, spec.KWidth.Max);
        var kh = RandomDraw.Integers(generator, n, spec.KHeight.Min, spec.KHeight.Max);
        using var thousand = 1000.ToScalar();
        var key = kh.mul(thousand).add(kw, ScalarConstants.One);
        var result = images.clone();
        foreach (var k in key.unique().output.data<long>().ToArray())
        {
            var (height, width) = (k / 1000, k % 1000);
            if (height <= 1 && width <= 1)
            {
                continue;
            }

            using var kernel = k.ToScalar();
            var index = key.eq(kernel).nonzero().squeeze(1).to(images.device);
            result.index_copy_(0, index, Blur(images.index_select(0, index), height, width));
        }
        return result.MoveToOuterDisposeScope();
    }

    private static Tensor Blur(Tensor images, long kernelHeight, long kernelWidth)
    {
        using var scope = NewDisposeScope();
        var (left, top) = ((kernelWidth - 1) / 2, (kernelHeight - 1) / 2);
        var (right, bottom) = (kernelWidth - 1 - left, kernelHeight - 1 - top);
        // Reflect padding needs the pad to be smaller than the side; tiny images fall back to edge replication.
        var canReflect = Math.Max(left, right) < images.shape[3] && Math.Max(top, bottom) < images.shape[2];
        var padded = nn.functional.pad(images, [left, right, top, bottom], canReflect ? PaddingModes.Reflect : PaddingModes.Replicate);
        // Sums of shifted views instead of avg_pool2d: libtorch's NCHW average pool is several times slower
        // for these small kernels (the blur was a tenth of the part-2 preset's time).
        var rows = WindowSum(padded, 2, kernelHeight, images.shape[2]);
        using var area = (kernelHeight * kernelWidth).ToScalar();
        return WindowSum(rows, 3, kernelWidth, images.shape[3]).div_(area).MoveToOuterDisposeScope();
    }

    /// <summary>Sum of <paramref name="kernel"/> consecutive entries along <paramref name="dimension"/>, <paramref name="size"/> outputs.</summary>
    private static Tensor WindowSum(Tensor padded, long dimension, long kernel, long size)
    {
        var sum = padded.narrow(dimension, 0, size).clone();
        for (long offset = 1; offset < kernel; offset++)
        {
            sum.add_(padded.narrow(dimension, offset, size), ScalarConstants.One);
        }

        return sum;
    }
}

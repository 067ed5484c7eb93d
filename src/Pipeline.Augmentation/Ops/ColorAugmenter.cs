using Pipeline.Augmentation.Specs;
using Pipeline.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Augmentation.Ops;

/// <summary>
/// Add, Multiply and ContrastNormalization: one value per image, or per image and channel for the
/// images a per-channel draw selects (imgaug's <c>per_channel</c> as a probability).
/// </summary>
public sealed class ColorAugmenter : IAugmenter
{
    /// <summary>The pixel value imgaug's ContrastNormalization pivots around, on the [0,1] scale.</summary>
    public const float ContrastCenter = 128f / 255f;

    private readonly ColorOperation operation;
    private readonly ValueRange range;
    private readonly double perChannel;

    public ColorAugmenter(ColorOperation operation, ValueRange range, double perChannel)
    {
        this.operation = operation;
        this.range = operation == ColorOperation.Add ? new ValueRange(range.Min / 255.0, range.Max / 255.0) : range;
        this.perChannel = perChannel;
    }

    public Tensor Apply(Tensor images, Generator generator)
    {
        using var scope = NewDisposeScope();
        var n = images.shape[0];
        var channels = images.shape[1];
        var device = images.device;
        var shared = RandomDraw.Uniform(generator, [n, 1, 1, 1], range, device);
        var value = shared;
        if (perChannel > 0)
        {
            var separate = RandomDraw.Uniform(generator, [n, channels, 1, 1], range, device);
            var useSeparate = RandomDraw.Chance(generator, n, perChannel, device).view(-1, 1, 1, 1);
            value = torch.where(useSeparate, separate, shared);
        }
        using var center = ContrastCenter.ToScalar();
        var result = operation switch
        {
            ColorOperation.Add => images.add(value, ScalarConstants.One),
            ColorOperation.Multiply => images * value,
            _ => (images.sub(center) * value).add(center, ScalarConstants.One),
        };
        return result.MoveToOuterDisposeScope();
    }
}

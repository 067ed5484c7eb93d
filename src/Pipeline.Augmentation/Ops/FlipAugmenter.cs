using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Augmentation.Ops;

/// <summary>Flips each image left-right (horizontal) or upside down with probability p.</summary>
public sealed class FlipAugmenter : IAugmenter
{
    private readonly double p;
    private readonly long dimension;

    public FlipAugmenter(double p, bool horizontal)
    {
        this.p = p;
        dimension = horizontal ? 3 : 2;
    }

    public Tensor Apply(Tensor images, Generator generator)
    {
        using var scope = NewDisposeScope();
        var hit = RandomDraw.Chance(generator, images.shape[0], p, images.device).view(-1, 1, 1, 1);
        return torch.where(hit, images.flip(dimension), images).MoveToOuterDisposeScope();
    }
}

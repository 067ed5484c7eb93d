using static TorchSharp.torch;

namespace Pipeline.Augmentation.Ops;

/// <summary>Per image: <c>then</c> with probability p, otherwise <c>else</c> (which may be the identity).</summary>
public sealed class SometimesAugmenter : IAugmenter
{
    private readonly double p;
    private readonly IAugmenter then;
    private readonly IAugmenter? otherwise;

    public SometimesAugmenter(double p, IAugmenter then, IAugmenter? otherwise)
    {
        this.p = p;
        this.then = then;
        this.otherwise = otherwise;
    }

    public Tensor Apply(Tensor images, Generator generator)
    {
        using var scope = NewDisposeScope();
        var hit = RandomDraw.Chance(generator, images.shape[0], p, CPU);
        var result = Subsets.ApplyWhere(then, images, hit, generator);
        if (otherwise is not null)
        {
            result = Subsets.ApplyWhere(otherwise, result, hit.logical_not(), generator);
        }

        return result.MoveToOuterDisposeScope();
    }
}

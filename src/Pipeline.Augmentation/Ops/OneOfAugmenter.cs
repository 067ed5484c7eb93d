using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Augmentation.Ops;

/// <summary>Per image, one of the augmenters, chosen uniformly.</summary>
public sealed class OneOfAugmenter : IAugmenter
{
    private readonly IReadOnlyList<IAugmenter> children;

    public OneOfAugmenter(IReadOnlyList<IAugmenter> children) => this.children = children;

    public Tensor Apply(Tensor images, Generator generator)
    {
        using var scope = NewDisposeScope();
        if (children.Count == 0)
        {
            return images.alias().MoveToOuterDisposeScope();
        }

        var choice = RandomDraw.Integers(generator, images.shape[0], 0, children.Count - 1);
        var result = images.alias();
        for (var i = 0; i < children.Count; i++)
        {
            using var index = i.ToScalar();
            result = Subsets.ApplyWhere(children[i], result, choice.eq(index), generator);
        }
        return result.MoveToOuterDisposeScope();
    }
}

using Pipeline.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Augmentation.Ops;

/// <summary>
/// imgaug SomeOf: per image, k ∈ [min, max] of the augmenters. Each image gets a random permutation;
/// its first k entries are the chosen ones, applied in permutation order (random order) or list order.
/// Batched by stepping through positions and applying each augmenter to the images that chose it there.
/// </summary>
public sealed class SomeOfAugmenter : IAugmenter
{
    private readonly int min;
    private readonly int max;
    private readonly bool randomOrder;
    private readonly IReadOnlyList<IAugmenter> children;

    public SomeOfAugmenter(int min, int? max, bool randomOrder, IReadOnlyList<IAugmenter> children)
    {
        this.children = children;
        this.min = Math.Clamp(min, 0, children.Count);
        this.max = Math.Clamp(max ?? children.Count, this.min, children.Count);
        this.randomOrder = randomOrder;
    }

    public Tensor Apply(Tensor images, Generator generator)
    {
        using var scope = NewDisposeScope();
        var n = images.shape[0];
        var m = children.Count;
        if (m == 0)
        {
            return images.alias().MoveToOuterDisposeScope();
        }

        var count = RandomDraw.Integers(generator, n, min, max).view(-1, 1);
        var permutation = torch.rand([n, m], ScalarType.Float32, generator: generator).argsort(1);
        using var augmenters = m.ToScalar();
        var positions = torch.arange(ScalarConstants.Zero, augmenters, ScalarConstants.One, ScalarType.Int64).view(1, -1);
        var chosenAt = positions < count;
        var result = images.alias();
        if (randomOrder)
        {
            for (var position = 0; position < m; position++)
            {
                for (var i = 0; i < m; i++)
                {
                    using var index = i.ToScalar();
                    var mask = chosenAt[.., position].logical_and(permutation[.., position].eq(index));
                    result = Subsets.ApplyWhere(children[i], result, mask, generator);
                }
            }
        }
        else
        {
            // rank[n, i] = position of augmenter i in image n's permutation.
            var rank = permutation.argsort(1);
            for (var i = 0; i < m; i++)
            {
                result = Subsets.ApplyWhere(children[i], result, rank[.., i] < count.squeeze(1), generator);
            }
        }
        return result.MoveToOuterDisposeScope();
    }
}

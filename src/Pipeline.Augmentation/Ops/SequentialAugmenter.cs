using static TorchSharp.torch;

namespace Pipeline.Augmentation.Ops;

/// <summary>Applies augmenters in order.</summary>
public sealed class SequentialAugmenter : IAugmenter
{
    public SequentialAugmenter(IReadOnlyList<IAugmenter> children) => Children = children;

    public IReadOnlyList<IAugmenter> Children { get; }

    public Tensor Apply(Tensor images, Generator generator)
    {
        var current = images.alias();
        foreach (var child in Children)
        {
            var next = child.Apply(current, generator);
            current.Dispose();
            current = next;
        }
        return current;
    }
}

using static TorchSharp.torch;

namespace Pipeline.Augmentation.Ops;

/// <summary>Returns the images unchanged (a new handle on the same data).</summary>
public sealed class IdentityAugmenter : IAugmenter
{
    public Tensor Apply(Tensor images, Generator generator) => images.alias();
}

using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Augmentation.Ops;

/// <summary>Runs an augmenter and clamps the result to [0,1]: the end of every pipeline the factory builds.</summary>
public sealed class ClampAugmenter : IAugmenter
{
    private readonly IAugmenter inner;

    public ClampAugmenter(IAugmenter inner) => this.inner = inner;

    public Tensor Apply(Tensor images, Generator generator)
    {
        using var result = inner.Apply(images, generator);
        using var zero = 0f.ToScalar();
        using var one = 1f.ToScalar();
        return result.clamp(zero, one);
    }
}

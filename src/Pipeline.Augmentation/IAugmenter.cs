using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Augmentation;

/// <summary>
/// A batched augmentation: takes float32 RGB images in [0,1] (N×3×H×W, on any device) and returns a
/// new tensor of the same shape. All randomness comes from <paramref name="generator"/>, so the same
/// seed gives the same batch.
/// </summary>
public interface IAugmenter
{
    Tensor Apply(Tensor images, Generator generator);
}

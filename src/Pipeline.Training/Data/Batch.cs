using static TorchSharp.torch;

namespace Pipeline.Training.Data;

/// <summary>One prepared training batch: float32 [0,1] images (augmented) and int64 labels, owned by the receiver.</summary>
public sealed class Batch : IDisposable
{
    public Batch(int index, Tensor images, Tensor labels)
    {
        Index = index;
        Images = images;
        Labels = labels;
    }

    /// <summary>Position of the batch in its epoch (0-based).</summary>
    public int Index { get; }

    public Tensor Images { get; }

    public Tensor Labels { get; }

    public int Count => (int)Labels.shape[0];

    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }
}

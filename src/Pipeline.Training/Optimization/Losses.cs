using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Training.Optimization;

/// <summary>The training loss: mean cross-entropy over the batch with optional label smoothing.</summary>
public static class Losses
{
    /// <summary>
    /// Cross-entropy of <paramref name="logits"/> (N×C) against class indices <paramref name="labels"/> (N, int64);
    /// with smoothing ε the target is (1-ε)·one-hot + ε/C, PyTorch's definition.
    /// </summary>
    public static Tensor CrossEntropy(Tensor logits, Tensor labels, double labelSmoothing = 0)
        => nn.functional.cross_entropy(logits, labels, label_smoothing: labelSmoothing);
}

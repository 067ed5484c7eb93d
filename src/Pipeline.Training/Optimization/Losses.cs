using Pipeline.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Training.Optimization;

/// <summary>The training loss: mean cross-entropy over the batch with optional label smoothing, and its mixed-batch form.</summary>
public static class Losses
{
    /// <summary>
    /// Cross-entropy of <paramref name="logits"/> (N×C) against class indices <paramref name="labels"/> (N, int64);
    /// with smoothing ε the target is (1-ε)·one-hot + ε/C, PyTorch's definition.
    /// </summary>
    public static Tensor CrossEntropy(Tensor logits, Tensor labels, double labelSmoothing = 0)
        => nn.functional.cross_entropy(logits, labels, label_smoothing: labelSmoothing);

    /// <summary>
    /// The loss of a mixed batch (mixup, CutMix): λ times the cross-entropy against each image's own labels plus 1-λ
    /// times that against its partner's, each with the same label smoothing.
    /// </summary>
    public static Tensor MixedCrossEntropy(Tensor logits, Tensor labels, Tensor partnerLabels, double lambda, double labelSmoothing = 0)
    {
        // Explicit scalars, disposed here: a number operator would leave its Scalar to the garbage collector, which can free
        // it during the native call. The intermediate tensors belong to the caller's dispose scope.
        using var own = lambda.ToScalar();
        using var other = (1 - lambda).ToScalar();
        return CrossEntropy(logits, labels, labelSmoothing).mul(own).add(CrossEntropy(logits, partnerLabels, labelSmoothing).mul(other), ScalarConstants.One);
    }
}

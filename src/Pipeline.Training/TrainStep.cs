using Pipeline.Training.Data;
using Pipeline.Training.Optimization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pipeline.Training;

/// <summary>One optimisation step: forward, loss (with label smoothing), finiteness check, backward, update.</summary>
public static class TrainStep
{
    /// <summary>
    /// Runs the step inside the caller's dispose scope and returns the batch's mean loss and its
    /// number of correct predictions. A NaN or infinite loss throws <see cref="TrainingDivergedException"/>
    /// before the weights change, with <paramref name="position"/> (phase, epoch, step) in the message.
    /// A mixed batch (<paramref name="mix"/>) weighs each image's own labels by λ and its partner's by 1-λ;
    /// its correct predictions are counted against the own labels.
    /// </summary>
    public static (double Loss, long Correct) Run(nn.Module<Tensor, Tensor> model, ITrainingOptimizer optimizer, Tensor images, Tensor labels, double labelSmoothing, Func<string> position, MixedBatch? mix = null)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        optimizer.ZeroGrad();
        var logits = model.call(mix?.Images ?? images);
        var loss = mix is null
            ? Losses.CrossEntropy(logits, labels, labelSmoothing)
            : Losses.MixedCrossEntropy(logits, labels, mix.PartnerLabels, mix.Lambda, labelSmoothing);
        double value = loss.item<float>();
        if (!double.IsFinite(value))
        {
            throw new TrainingDivergedException(
                $"training diverged: the loss is {(double.IsNaN(value) ? "NaN" : "infinite")} at {position()}. " +
                "Lower the learning rate, or check the input images for NaN/inf values.");
        }

        loss.backward();
        optimizer.Step();
        long correct;
        using (torch.no_grad())
        {
            correct = logits.argmax(1).eq(labels).sum().item<long>();
        }

        return (value, correct);
    }
}

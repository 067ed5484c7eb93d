using Pipeline.Augmentation;
using Pipeline.Engine;
using Pipeline.Training;
using TorchSharp;

namespace Pipeline.Stages.Kinds;

/// <summary>
/// How a stage process trains: progress into the stage's progress file, augmentation from the run's presets, its
/// device, log and cancellation. Train and Pseudolabel (the student) both train through this one place.
/// </summary>
internal static class StageTrainingOptions
{
    public static TrainOptions For(StageContext context, AugmentationPresets presets, torch.Device device, string pretrainedDirectory, int batchSize) => new()
    {
        Observer = new StageTrainingProgress(context.Progress, batchSize),
        Augmenters = presets.Create,
        Device = device,
        Log = context.Log,
        PretrainedDirectory = pretrainedDirectory,
        Cancellation = context.CancellationToken,
        Cores = context.Cores,
    };
}

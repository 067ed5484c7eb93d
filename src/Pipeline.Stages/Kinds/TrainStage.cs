using Pipeline.Data.Shards;
using Pipeline.Engine;
using Pipeline.Models;
using Pipeline.Stages.Graph;
using Pipeline.Training;
using Pipeline.Training.Configuration;
using Pipeline.Training.Data;

namespace Pipeline.Stages.Kinds;

/// <summary>Train: a model through its phases on the preprocessed shards; resumes from what a killed attempt left in its folder.</summary>
internal sealed class TrainStage : IStage
{
    public Task RunAsync(StageContext context)
    {
        var parameters = new StageParameters(context);
        var (model, pretrainedDirectory) = parameters.Model();
        var training = parameters.Section<TrainConfig>("training");
        var presets = parameters.Presets();
        var device = TorchSetup.Configure(context);
        var preprocess = context.UpstreamDirectory(PipelineGraph.PreprocessRun);
        using var train = Shard.Open(Path.Combine(preprocess, "train.shard"));
        using var validation = Shard.Open(Path.Combine(preprocess, "val.shard"));
        TrainRunner.Run(training, model, new TrainingData(train, validation), context.OutputDirectory, Options(context, presets, device, pretrainedDirectory, training.BatchSize));
        return Task.CompletedTask;
    }

    public static TrainOptions Options(StageContext context, Pipeline.Augmentation.AugmentationPresets presets, TorchSharp.torch.Device device, string pretrainedDirectory, int batchSize) => new()
    {
        Observer = new StageTrainingProgress(context.Progress, batchSize),
        Augmenters = presets.Create,
        Device = device,
        Log = context.Log,
        PretrainedDirectory = pretrainedDirectory,
        Cancellation = context.CancellationToken,
    };
}

using Pipeline.Data.Preprocess;
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
        using var train = Shard.Open(Path.Combine(preprocess, PreprocessFiles.TrainShard));
        using var validation = Shard.Open(Path.Combine(preprocess, PreprocessFiles.ValidationShard));
        var options = StageTrainingOptions.For(context, presets, device, pretrainedDirectory, training.BatchSize);
        TrainRunner.Run(training, model, new TrainingData(train, validation), context.OutputDirectory, options);
        return Task.CompletedTask;
    }
}

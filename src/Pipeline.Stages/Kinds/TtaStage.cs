using System.Text.Json;
using Pipeline.Data.Preprocess;
using Pipeline.Data.Shards;
using Pipeline.Engine;
using Pipeline.Inference;
using Pipeline.Inference.Configuration;
using Pipeline.Stages.Graph;

namespace Pipeline.Stages.Kinds;

/// <summary>Tta: class probabilities of one model's selected checkpoints on validation and test, plain and per TTA version.</summary>
internal sealed class TtaStage : IStage
{
    public Task RunAsync(StageContext context)
    {
        var parameters = new StageParameters(context);
        var config = parameters.Record<TtaConfig>();
        var presets = parameters.Presets();
        var device = TorchSetup.Configure(context);
        var name = parameters.Name;
        // The run that trained the model: a Train run, or Pseudolabel for the student.
        var trained = context.Upstream.Single(u => u.Kind is StageKinds.Train or StageKinds.Pseudolabel);
        var model = TrainedModel.Read(name, trained.Directory);
        var preprocess = context.UpstreamDirectory(PipelineGraph.PreprocessRun);
        using var validation = Shard.Open(Path.Combine(preprocess, PreprocessFiles.ValidationShard));
        using var test = Shard.Open(Path.Combine(preprocess, PreprocessFiles.TestShard));
        var outputs = TtaRunner.Run(config, model.ForTta(), validation, test, context.OutputDirectory, new TtaOptions
        {
            Augmenters = presets.Create,
            Device = device,
            Log = context.Log,
            PretrainedDirectory = StageParameters.DefaultPretrainedDirectory,
            Cancellation = context.CancellationToken,
            Progress = step => context.Progress.Report(new StageProgressReport
            {
                Time = DateTimeOffset.UtcNow,
                Phase = "tta",
                Step = step.Done,
                Steps = step.Total,
                ImagesPerSecond = step.ImagesPerSecond,
                Fraction = step.Total > 0 ? (double)step.Done / step.Total : null,
                Detail = step.Last,
            }),
        });

        var best = outputs.Where(o => o.Split == TtaRunner.ValidationSplit && o.Accuracy is not null).MaxBy(o => o.Accuracy);
        var metrics = new { headline = new { name = "best_val_accuracy", value = best?.Accuracy }, predictions = outputs.Count };
        File.WriteAllText(Path.Combine(context.OutputDirectory, "metrics.json"), JsonSerializer.Serialize(metrics));
        return Task.CompletedTask;
    }
}

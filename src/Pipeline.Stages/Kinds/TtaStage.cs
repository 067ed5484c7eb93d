using System.Text.Json;
using Pipeline.Data.Shards;
using Pipeline.Engine;
using Pipeline.Inference;
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
        var model = TrainedModel.Read(name, context.UpstreamDirectory(PipelineGraph.TrainRunOf(name)));
        var preprocess = context.UpstreamDirectory(PipelineGraph.PreprocessRun);
        using var validation = Shard.Open(Path.Combine(preprocess, "val.shard"));
        using var test = Shard.Open(Path.Combine(preprocess, "test.shard"));
        var outputs = TtaRunner.Run(config, model.ForTta(), validation, test, context.OutputDirectory, new TtaOptions
        {
            Augmenters = presets.Create,
            Device = device,
            Log = context.Log,
            PretrainedDirectory = StageParameters.DefaultPretrainedDirectory,
            Cancellation = context.CancellationToken,
        });

        var best = outputs.Where(o => o.Split == TtaRunner.ValidationSplit && o.Accuracy is not null).MaxBy(o => o.Accuracy);
        var metrics = new { headline = new { name = "best_val_accuracy", value = best?.Accuracy }, predictions = outputs.Count };
        File.WriteAllText(Path.Combine(context.OutputDirectory, "metrics.json"), JsonSerializer.Serialize(metrics));
        return Task.CompletedTask;
    }
}

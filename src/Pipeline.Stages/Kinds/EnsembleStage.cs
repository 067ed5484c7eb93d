using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Data.Preprocess;
using Pipeline.Data.Shards;
using Pipeline.Engine;
using Pipeline.Ensembling.Combining;
using Pipeline.Ensembling.Configuration;
using Pipeline.Ensembling.Metrics;
using Pipeline.Ensembling.Submission;
using Pipeline.Stages.Graph;

namespace Pipeline.Stages.Kinds;

/// <summary>
/// Ensemble: expands the members over the Tta runs' predictions, combines them, writes submission.csv,
/// <see cref="EnsembleFile"/> and <see cref="EnsembleValidationFile"/>.
/// </summary>
internal sealed class EnsembleStage : IStage
{
    public Task RunAsync(StageContext context)
    {
        var config = new StageParameters(context).Record<EnsembleConfig>();
        var validation = PredictionSets.Load(context, "val");
        var test = PredictionSets.Load(context, "test");
        var outcome = EnsembleRunner.Run(config, validation, test, "ensemble.yaml");
        var preprocess = context.UpstreamDirectory(PipelineGraph.PreprocessRun);
        using var testShard = Shard.Open(Path.Combine(preprocess, PreprocessFiles.TestShard));
        var rows = SubmissionWriter.RowsFrom(outcome.Test ?? throw new InvalidOperationException("the ensemble produced no test predictions"));
        SubmissionWriter.Write(Path.Combine(context.OutputDirectory, "submission.csv"), testShard.Ids, rows, testShard.Classes.ToHashSet());

        double? validationAccuracy = outcome.Validation.Labels.Any(l => l >= 0) ? ClassificationMetrics.Accuracy(outcome.Validation.Predicted, outcome.Validation.Labels) : null;
        var truth = TestLabels.Read(preprocess, testShard.Classes);
        double? testAccuracy = truth is null ? null : rows.Count(r => truth.TryGetValue(r.ImageId, out var label) && label == r.Label) / (double)rows.Count;
        new EnsembleFile(
            outcome.Method,
            validationAccuracy,
            testAccuracy,
            outcome.Methods.ToDictionary(m => m.Method, m => m.Accuracy, StringComparer.Ordinal),
            outcome.Members.Select((m, i) => new EnsembleFileMember(m.Model, m.Checkpoint, m.TtaVersion, m.Weight, outcome.MemberAccuracies[i])).ToList())
            .Write(context.OutputDirectory);
        var submitted = outcome.Validation;
        new EnsembleValidationFile(submitted.Method, submitted.Classes, submitted.Ids, submitted.Labels, submitted.Predicted).Write(context.OutputDirectory);
        var options = new JsonSerializerOptions { WriteIndented = true };
        var metrics = new JsonObject
        {
            ["headline"] = new JsonObject { ["name"] = "val_accuracy", ["value"] = validationAccuracy },
            ["test_accuracy"] = testAccuracy,
            ["members"] = outcome.Members.Count,
        };
        File.WriteAllText(Path.Combine(context.OutputDirectory, "metrics.json"), metrics.ToJsonString(options));
        context.Log.WriteLine($"ensemble: {outcome.Method} of {outcome.Members.Count} members, " + (validationAccuracy is { } v ? $"validation accuracy {v:0.0000}" : "no validation split") +
            (testAccuracy is { } t ? $", test accuracy {t:0.0000} (ground truth known)" : ""));
        return Task.CompletedTask;
    }
}

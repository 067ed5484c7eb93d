using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Data.Shards;
using Pipeline.Engine;
using Pipeline.Ensembling.Combining;
using Pipeline.Ensembling.Configuration;
using Pipeline.Ensembling.Metrics;
using Pipeline.Ensembling.Submission;
using Pipeline.Stages.Graph;

namespace Pipeline.Stages.Kinds;

/// <summary>Ensemble: expands the members over the Tta runs' predictions, combines them, writes submission.csv and ensemble.json.</summary>
internal sealed class EnsembleStage : IStage
{
    public Task RunAsync(StageContext context)
    {
        var config = new StageParameters(context).Record<EnsembleConfig>();
        var validation = PredictionSets.Load(context, "val");
        var test = PredictionSets.Load(context, "test");
        var outcome = EnsembleRunner.Run(config, validation, test, "ensemble.yaml");
        var preprocess = context.UpstreamDirectory(PipelineGraph.PreprocessRun);
        using var testShard = Shard.Open(Path.Combine(preprocess, "test.shard"));
        var rows = SubmissionWriter.RowsFrom(outcome.Test ?? throw new InvalidOperationException("the ensemble produced no test predictions"));
        SubmissionWriter.Write(Path.Combine(context.OutputDirectory, "submission.csv"), testShard.Ids, rows, testShard.Classes.ToHashSet());

        double? validationAccuracy = outcome.Validation.Labels.Any(l => l >= 0) ? ClassificationMetrics.Accuracy(outcome.Validation.Predicted, outcome.Validation.Labels) : null;
        var truth = TestLabels.Read(preprocess, testShard.Classes);
        double? testAccuracy = truth is null ? null : rows.Count(r => truth.TryGetValue(r.ImageId, out var label) && label == r.Label) / (double)rows.Count;
        var summary = new JsonObject
        {
            ["method"] = outcome.Method,
            ["val_accuracy"] = validationAccuracy,
            ["test_accuracy"] = testAccuracy,
            ["methods"] = new JsonObject(outcome.Methods.Select(m => KeyValuePair.Create(m.Method, (JsonNode?)JsonValue.Create(m.Accuracy)))),
            ["members"] = new JsonArray(outcome.Members.Select((m, i) => (JsonNode?)new JsonObject
            {
                ["model"] = m.Model,
                ["checkpoint"] = m.Checkpoint,
                ["tta"] = m.TtaVersion,
                ["weight"] = m.Weight,
                ["val_accuracy"] = outcome.MemberAccuracies[i],
            }).ToArray()),
        };
        var options = new JsonSerializerOptions { WriteIndented = true };
        File.WriteAllText(Path.Combine(context.OutputDirectory, "ensemble.json"), summary.ToJsonString(options));
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

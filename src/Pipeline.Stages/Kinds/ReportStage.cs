using System.Text.Json;
using Pipeline.Data.Preprocess;
using Pipeline.Engine;
using Pipeline.Ensembling.Combining;
using Pipeline.Ensembling.Configuration;
using Pipeline.Ensembling.Metrics;
using Pipeline.Reporting.Html;
using Pipeline.Reporting.Metrics;
using Pipeline.Stages.Graph;
using Pipeline.Training.Metrics;

namespace Pipeline.Stages.Kinds;

/// <summary>
/// Report: index.html and metrics.json from the committed outputs of every stage — the ablation ladder on the
/// validation split, per-class accuracy, confusion matrix, learning curves, the augmentation preview, the
/// pseudolabel summary, the data counts, and each stage's key, duration and headline when it was computed.
/// </summary>
internal sealed class ReportStage : IStage
{
    public Task RunAsync(StageContext context)
    {
        var parameters = new StageParameters(context);
        var config = parameters.Section<EnsembleConfig>("ensemble");
        var name = context.Parameters["name"]?.GetValue<string>() ?? "experiment";
        var validation = PredictionSets.Load(context, "val");
        var test = PredictionSets.Load(context, "test");
        var ensembleDirectory = context.UpstreamDirectory(PipelineGraph.EnsembleRun);
        var ensemble = EnsembleFile.Read(ensembleDirectory);
        var submitted = EnsembleValidationFile.Read(ensembleDirectory);
        var models = TrainedModels(context);
        var student = models.Where(m => m.Run.Kind == StageKinds.Pseudolabel).Select(m => m.Name).FirstOrDefault();
        // Without a validation split (validation.fraction: 0) no ladder step can be measured or chosen: the report says so.
        var hasValidation = validation.Any(s => s.Labels.Any(l => l >= 0));
        var ladder = hasValidation
            ? LadderCalculator.Compute(validation, config, student, TestLabels.Label(test, context.UpstreamDirectory(PipelineGraph.PreprocessRun)))
            : [];
        var testAccuracy = ensemble.TestAccuracy;
        var metrics = MetricsReportBuilder.Build(
            ladder,
            new SubmittedValidation(submitted.Classes, submitted.Labels, submitted.Predicted),
            ensemble.Members.Select(m => new MemberMetrics(m.Model, m.Checkpoint, m.Tta, m.Weight, m.ValAccuracy)).ToList(),
            ensemble.Methods.Select(m => new MethodAccuracy(m.Key, m.Value)).ToList(),
            testAccuracy);
        var classes = submitted.Classes;

        var input = new ReportInput
        {
            ExperimentName = name,
            Metrics = metrics,
            Classes = classes,
            ConfusionMatrix = ClassificationMetrics.ConfusionMatrix(submitted.Predicted, submitted.Labels, classes.Count),
            LearningCurves = models
                .Select(m => (Model: m.Name, File: Path.Combine(m.Run.Directory, MetricsLog.FileName)))
                .Where(c => File.Exists(c.File))
                .Select(c => new LearningCurve(c.Model, EpochMetricsReader.Read(c.File)))
                .ToList(),
            AugmentationPreviewPath = PreviewFile.Read(context.UpstreamDirectory(PipelineGraph.PreviewRun)).FeaturedPath,
            Pseudolabels = context.Upstream.Any(u => u.RunId == PipelineGraph.PseudolabelRun) ? Pseudolabels(context.UpstreamDirectory(PipelineGraph.PseudolabelRun)) : null,
            Plan = context.Upstream.Select(PlanRowOf).ToList(),
            Data = Data(context.UpstreamDirectory(PipelineGraph.PreprocessRun)),
            Notes = Notes(testAccuracy, hasValidation),
        };

        ReportWriter.Write(context.OutputDirectory, input);
        MetricsJson.Write(Path.Combine(context.OutputDirectory, "metrics.json"), metrics);
        context.Log.WriteLine($"report: {Path.Combine(context.OutputDirectory, "index.html")}");
        return Task.CompletedTask;
    }

    /// <summary>
    /// Each model with the run that trained it, in the order of the Tta runs (pipeline.yaml's): a model's Train run,
    /// or the Pseudolabel run for the student (the one model without a Train run of its name).
    /// </summary>
    private static IReadOnlyList<(string Name, StageUpstream Run)> TrainedModels(StageContext context)
    {
        var result = new List<(string, StageUpstream)>();
        foreach (var tta in context.Upstream.Where(u => u.Kind == StageKinds.Tta))
        {
            var name = tta.RunId[(tta.RunId.IndexOf('/', StringComparison.Ordinal) + 1)..];
            var run = context.Upstream.FirstOrDefault(u => u.Kind == StageKinds.Train && u.RunId == PipelineGraph.TrainRunOf(name))
                ?? context.Upstream.FirstOrDefault(u => u.Kind == StageKinds.Pseudolabel);
            if (run is not null)
            {
                result.Add((name, run));
            }
        }

        return result;
    }

    private static PseudolabelSummary? Pseudolabels(string directory) =>
        PseudolabelsFile.Read(directory) is { } file
            ? new PseudolabelSummary(file.Rule, file.TestImages, file.Classes, file.CountsPerClass, file.TeacherValAccuracy, file.StudentValAccuracy)
            : null;

    private static PlanRow PlanRowOf(StageUpstream upstream)
    {
        var manifest = OutputManifest.Parse(File.ReadAllText(Path.Combine(upstream.Directory, OutputManifest.FileName)));
        var headline = manifest.Headline is { } h ? $"{h.Name} {h.Value:0.####}" : "";
        var duration = manifest.DurationSeconds is { } s ? TimeSpan.FromSeconds(s) : (TimeSpan?)null;
        return new PlanRow(upstream.Target, upstream.RunId, $"key {manifest.Key[..12]}", duration, headline);
    }

    private static DataCounts? Data(string preprocessDirectory)
    {
        var path = Path.Combine(preprocessDirectory, PreprocessFiles.DataReport);
        var report = JsonSerializer.Deserialize<DataReport>(File.ReadAllText(path), PreprocessRunner.Json);
        if (report is null)
        {
            return null;
        }

        return new DataCounts(
            ["train", "val", "test"],
            report.Classes,
            report.Counts.Select(c => (IReadOnlyList<int>)[c.Train, c.Val, c.Test ?? 0]).ToList());
    }

    private static IReadOnlyList<string> Notes(double? testAccuracy, bool hasValidation)
    {
        var notes = new List<string>
        {
            hasValidation
                ? "Every accuracy in the ladder is measured on the validation split, which is never trained on and never pseudo-labelled."
                : "No validation figure exists: this experiment trains on every labelled image (validation.fraction: 0), as the 2017 team did. " +
                  "The checkpoints are the ones its schedule saves, the ensemble's members are the configured ones, and the ablation ladder, " +
                  "the combination methods and the per-class accuracies, which are measured on validation, are left out.",
        };
        if (testAccuracy is { } t)
        {
            notes.Add($"The test set of this experiment has ground truth (synthetic data), which no stage sees: the submitted ensemble scores {t:P2} on it, " +
                "and the ladder's test column scores each step with every choice (checkpoint, TTA version, greedy weights) made on validation.");
        }

        return notes;
    }
}

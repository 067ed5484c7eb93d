using Pipeline.Ensembling.Combining;
using Pipeline.Ensembling.Configuration;
using Pipeline.Ensembling.Predictions;
using Pipeline.Reporting.Html;
using Pipeline.Reporting.Metrics;

namespace Pipeline.Tests.Reporting;

/// <summary>
/// A tiny experiment whose ladder is known by construction: 10 validation images of 3 classes, each
/// set given as a mask of which rows it gets right (a wrong row always predicts the next class).
/// </summary>
internal static class ReportFixtures
{
    public static readonly string[] Classes = ["beans", "cake", "candy"];
    public static readonly int[] Labels = [0, 1, 2, 0, 1, 2, 0, 1, 2, 0];

    public static PredictionSet Set(string model, string checkpoint, int tta, string mask)
    {
        var ids = Enumerable.Range(0, Labels.Length).Select(i => $"train_{i}").ToArray();
        var probabilities = new float[Labels.Length * 3];
        for (var row = 0; row < Labels.Length; row++)
        {
            var predicted = mask[row] == '1' ? Labels[row] : (Labels[row] + 1) % 3;
            for (var c = 0; c < 3; c++)
            {
                probabilities[row * 3 + c] = c == predicted ? 0.8f : 0.1f;
            }
        }
        return new PredictionSet(model, checkpoint, tta, "val", ids, Classes, probabilities, Labels);
    }

    // Expected, with vote: single 0.7 (resnet/cp2 plain), tta 0.8 (resnet/cp2 tta0), checkpoint
    // ensemble 0.9 (resnet's three TTA sets), model ensemble 0.9, with the student 1.0 (its row 9 is a
    // 3-3 tie that goes to class 0, the right one).
    public static IReadOnlyList<PredictionSet> Validation() =>
    [
        Set("resnet", "cp1", -1, "1111110000"),
        Set("resnet", "cp1", 0, "1111111000"),
        Set("resnet", "cp2", -1, "1111110100"),
        Set("resnet", "cp2", 0, "1111110110"),
        Set("resnet", "cp2", 1, "1111101110"),
        Set("inception", "cp5", -1, "1111001100"),
        Set("inception", "cp5", 0, "1111011111"),
        Set("inception", "cp5", 1, "1111100111"),
        Set("student", "s1", 0, "1111111111"),
    ];

    public static EnsembleConfig VoteConfig() => new() { Method = EnsembleMethods.Vote };

    public static MetricsReport Metrics()
    {
        var validation = Validation();
        var ladder = LadderCalculator.Compute(validation, VoteConfig(), "student");
        var outcome = EnsembleRunner.Run(VoteConfig() with { Members = [new EnsembleMemberConfig { Model = "[ir]*" }] }, validation, null);
        return MetricsReportBuilder.Build(ladder, outcome, testAccuracy: 0.875);
    }

    public static ReportInput Input(string? previewPath)
    {
        var metrics = Metrics();
        IReadOnlyList<EpochRow> Epochs(double start) => Enumerable.Range(1, 8)
            .Select(e => new EpochRow(e, e <= 3 ? "cp1" : "cp2", 1.2 / e, start + 0.05 * e, 1.3 / e + 0.05, start + 0.045 * e, 1e-5))
            .ToArray();
        return new ReportInput
        {
            ExperimentName = "tiny <default>",
            Metrics = metrics,
            Classes = Classes,
            ConfusionMatrix = [[3, 1, 0], [0, 3, 0], [0, 0, 3]],
            LearningCurves = [new LearningCurve("resnet", Epochs(0.4)), new LearningCurve("inception", Epochs(0.5))],
            AugmentationPreviewPath = previewPath,
            Pseudolabels = new PseudolabelSummary("confidence ≥ 0.9", 12, Classes, [3, 2, 4], 0.9, 0.95),
            Plan = [new PlanRow("Preprocess", "preprocess", "cached", TimeSpan.FromSeconds(0.4), "key 1a2b"), new PlanRow("TrainResnet", "train", "ran", TimeSpan.FromMinutes(3.5), "key 3c4d")],
            PlanText = "Preprocess  cached\nTrainResnet  ran",
            Data = new DataCounts(["train", "val", "test"], Classes, [[8, 4, 5], [7, 3, 4], [9, 3, 3]]),
            Notes = ["Synthetic data: figures are not comparable with the competition."],
        };
    }
}

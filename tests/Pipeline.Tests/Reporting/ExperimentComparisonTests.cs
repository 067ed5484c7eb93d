using Pipeline.Ensembling.Combining;
using Pipeline.Reporting.Comparison;
using Pipeline.Reporting.Metrics;
using Xunit;

namespace Pipeline.Tests.Reporting;

public sealed class ExperimentComparisonTests
{
    private static MetricsReport Metrics(double single, double tta, double vote, double beans) => new(
        vote,
        [new LadderStep("single", single, null, ""), new LadderStep("tta", tta, tta - single, ""), new LadderStep("pseudolabel", null, null, "")],
        [new ClassAccuracy("beans", beans), new ClassAccuracy("cake", 0.5)],
        [],
        [new MethodAccuracy("vote", vote)],
        null);

    private static IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Params(string lr, string? tta) =>
        new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["experiments/train_resnet.yaml"] = tta is null
                ? new Dictionary<string, string> { ["optimizer.lr"] = lr, ["batch_size"] = "32" }
                : new Dictionary<string, string> { ["optimizer.lr"] = lr, ["batch_size"] = "32", ["tta.copies"] = tta },
            ["experiments/ensemble.yaml"] = new Dictionary<string, string> { ["method"] = "vote" },
        };

    [Fact]
    public void Prints_DVC_like_tables()
    {
        var a = new ExperimentSnapshot("baseline", Params("1e-05", null), Metrics(0.8, 0.81, 0.85, 0.9));
        var b = new ExperimentSnapshot("strong-aug", Params("3e-05", "10"), Metrics(0.82, 0.84, 0.8612, 0.9));

        var text = ExperimentComparison.Render(a, b);

        Assert.Equal(
            """
            Parameters
            Path                           Param         baseline  strong-aug
            experiments/train_resnet.yaml  optimizer.lr  1e-05     3e-05
            experiments/train_resnet.yaml  tta.copies    -         10

            Metrics
            Path          Metric                 baseline  strong-aug  Change
            metrics.json  headline.val_accuracy  0.8500    0.8612      +0.0112
            metrics.json  ladder.single          0.8000    0.8200      +0.0200
            metrics.json  ladder.tta             0.8100    0.8400      +0.0300
            metrics.json  ladder.pseudolabel     -         -           -
            metrics.json  methods.vote           0.8500    0.8612      +0.0112
            metrics.json  per_class.beans        0.9000    0.9000      0.0000
            metrics.json  per_class.cake         0.5000    0.5000      0.0000

            """.ReplaceLineEndings("\n"),
            text);
    }

    [Fact]
    public void Only_changed_metrics_when_asked()
    {
        var a = new ExperimentSnapshot("a", Params("1e-05", null), Metrics(0.8, 0.81, 0.85, 0.9));
        var b = new ExperimentSnapshot("b", Params("1e-05", null), Metrics(0.8, 0.83, 0.85, 0.9));

        Assert.Equal("No parameter changes.\n", ExperimentComparison.ParamsDiff(a, b));
        Assert.Equal(
            "Path          Metric      a       b       Change\nmetrics.json  ladder.tta  0.8100  0.8300  +0.0200\n",
            ExperimentComparison.MetricsDiff(a, b, all: false));
    }
}

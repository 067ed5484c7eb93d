using System.Text.Json.Nodes;
using Snapshooter;
using Snapshooter.Xunit;
using Xunit;

namespace Pipeline.Tests.EndToEnd;

/// <summary>
/// Snapshots of what a person reads after the tiny build: each run's resolved configuration, the report's
/// metrics, the submission and the data report's counts. On a change Snapshooter fails with the first
/// differing position and writes the new version to <c>__snapshots__/__mismatch__/</c>: review it with
/// <c>diff -u __snapshots__/X.snap __snapshots__/__mismatch__/X.snap</c>, accept it by moving it over the .snap.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class OutputSnapshotTests(TinyBuildFixture fixture)
{
    /// <summary>
    /// Every run's parameters from pipeline.lock.json with the file (or option) each came from. Scrubbed: the
    /// experiment folder (a temp path) and the resolved device (auto → cpu here, cuda on a GPU runner).
    /// </summary>
    [Fact]
    public void Resolved_configuration_of_every_stage_run()
    {
        var tiny = fixture.RequireBuilt();
        var locked = fixture.RequireLock();

        var runs = locked.Runs.Values.ToDictionary(
            run => run.RunId,
            run => new
            {
                target = run.Target,
                kind = run.Kind,
                parameters = run.Parameters.ToDictionary(
                    p => p.Key,
                    p => p.Key == "device" ? "<device>" : Scrub.Plain(JsonNode.Parse(Scrub.Text(p.Value, tiny)))),
                sources = run.ParameterSources
                    .GroupBy(p => Scrub.Text(p.Value, tiny), p => p.Key)
                    .OrderBy(g => g.Key, StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => g.Order(StringComparer.Ordinal).ToList()),
            });

        Assert.Equal(["Ensemble", "Preprocess", "Preprocess/synthesize", "Preview", "Pseudolabel", "Report", "TrainInception", "TrainResnet", "Tta/inception", "Tta/resnet", "Tta/student"], runs.Keys);
        Assert.Equal("\"cpu\"", locked["TrainResnet"].Parameters["device"]);
        runs.MatchSnapshot();
    }

    /// <summary>report/metrics.json, numbers rounded to 4 decimals (accuracies on 16 validation images are multiples of 1/16).</summary>
    [Fact]
    public void Report_metrics_json()
    {
        var tiny = fixture.RequireBuilt();

        var metrics = JsonNode.Parse(File.ReadAllText(tiny.ArtifactPath("report", "metrics.json")))!;

        Assert.Equal(["single", "tta", "checkpoint_ensemble", "model_ensemble", "pseudolabel"], metrics["ladder"]!.AsArray().Select(s => (string)s!["step"]!));
        Scrub.Rounded(metrics, 4)!.MatchSnapshot();
    }

    /// <summary>submission.csv, exact text: bit-stable on CPU with the default 2 threads.</summary>
    [Fact]
    public void Submission_csv()
    {
        var tiny = fixture.RequireBuilt();

        var text = File.ReadAllText(tiny.ArtifactPath("submission.csv"));

        Assert.Equal(text, File.ReadAllText(tiny.ArtifactPath("ensemble", "submission.csv")));
        text.MatchSnapshot();
    }

    [Fact]
    public void Data_report_counts_per_class_and_split()
    {
        var tiny = fixture.RequireBuilt();

        var report = JsonNode.Parse(File.ReadAllText(tiny.ArtifactPath("data", "preprocessed", "data_report.json")))!;
        var counts = new
        {
            classes = report["counts"]!.AsArray().Select(c => new
            {
                name = (string)c!["name"]!,
                train = (int)c["train"]!,
                val = (int)c["val"]!,
                test = (int)c["test"]!,
                skipped = (int)c["skipped"]!,
            }).ToList(),
            train = (int)report["train"]!,
            val = (int)report["val"]!,
            test = (int)report["test"]!,
            skipped = report["skipped"]!.AsArray().Count,
        };

        Assert.Equal(60, counts.train + counts.val);
        Assert.Equal(20, counts.test);
        Assert.Equal(counts.train, counts.classes.Sum(c => c.train));
        Assert.Equal(counts.val, counts.classes.Sum(c => c.val));
        Assert.Equal(counts.test, counts.classes.Sum(c => c.test));
        counts.MatchSnapshot();
    }
}

using System.Text.Json;
using Pipeline.Data;
using Pipeline.Data.Configuration;
using Pipeline.Data.Synthetic;
using Pipeline.Tests.Data;
using Pipeline.Tests.Support;
using Xunit;

namespace Pipeline.Tests.EndToEnd;

/// <summary>
/// The competition configuration itself (<c>experiments/hackerearth</c>) runs on CPU at smoke scale: only
/// <c>tests/experiments/hackerearth-smoke.yaml</c> (an overrides file: 32 px, an eighth of the width, random weights,
/// one epoch of two steps per phase, 2 TTA copies, the oneDNN setting ResNet-50 needs here) and the data folder
/// differ. Synthetic images in the competition layout go through the competition reader; every phase of both
/// networks and of the second Inception run trains, TTA predicts what the 29 members use, and the vote writes a
/// submission. This proves the real configuration runs, not only that it parses.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class HackerearthSmokeTests
{
    private static readonly string[] InceptionPhases = [.. Enumerable.Range(1, 19).Select(i => $"cp{i}")];
    private static readonly string[] ResnetPhases = [.. Enumerable.Range(1, 9).Select(i => $"ths{i}")];
    private static readonly string[] Inception2Phases = [.. Enumerable.Range(1, 5).Select(i => $"cp{i}")];

    [Fact]
    public void The_competition_configuration_runs_every_phase_TTA_and_the_29_member_vote_at_smoke_scale()
    {
        using var folder = new TempFolder();
        var data = Path.Combine(folder.Path, "hackerearth");
        var artifacts = Path.Combine(folder.Path, "artifacts");
        SyntheticGroceries.Generate(new SyntheticConfig { Classes = 5, TrainCount = 60, TestCount = 20, ImageSize = 48, Seed = 11, Difficulty = 0.4 }, data);
        // The competition's folder has no test labels: neither has this one.
        File.Delete(Path.Combine(data, "test_labels.csv"));

        var build = BuildProcess.Run(
            [
                "Ensemble",
                "--experiment", "experiments/hackerearth",
                "--overrides", "tests/experiments/hackerearth-smoke.yaml",
                "--set", $"data.yaml:competition.root={data}",
                "--artifacts", artifacts,
            ],
            timeout: TimeSpan.FromMinutes(20));

        Assert.True(build.ExitCode == 0, BuildLog.Describe(build));
        Assert.Equal(
            ["Ensemble", "Preprocess", "Preview", "Report", "TrainInception", "TrainInception2", "TrainResnet", "Tta/inception", "Tta/inception2", "Tta/resnet"],
            BuildLog.Started(build));

        // Every phase of every model trained (one epoch each) and saved its checkpoint.
        AssertPhases(Path.Combine(artifacts, "models", "inception"), InceptionPhases);
        AssertPhases(Path.Combine(artifacts, "models", "resnet"), ResnetPhases);
        AssertPhases(Path.Combine(artifacts, "models", "inception2"), Inception2Phases);

        // TTA only for what the members use: cp11-cp16 with versions 0, 1, cp17-cp19 with 0, 1, 2, ths8/ths9 and the
        // second run's cp4/cp5 with 0, 1; each also plain (-1), which the report's ladder starts from.
        Assert.Equal(
            [.. Expected("inception", 11, 16, [-1, 0, 1]), .. Expected("inception", 17, 19, [-1, 0, 1, 2])],
            TestPredictions(artifacts, "inception"));
        Assert.Equal(["resnet__ths8_e8__tta-1", "resnet__ths8_e8__tta0", "resnet__ths8_e8__tta1", "resnet__ths9_e9__tta-1", "resnet__ths9_e9__tta0", "resnet__ths9_e9__tta1"], TestPredictions(artifacts, "resnet"));
        Assert.Equal(["inception2__cp4_e4__tta-1", "inception2__cp4_e4__tta0", "inception2__cp4_e4__tta1", "inception2__cp5_e5__tta-1", "inception2__cp5_e5__tta0", "inception2__cp5_e5__tta1"], TestPredictions(artifacts, "inception2"));

        using var ensemble = JsonDocument.Parse(File.ReadAllText(Path.Combine(artifacts, "ensemble", "ensemble.json")));
        Assert.Equal("vote", ensemble.RootElement.GetProperty("method").GetString());
        var members = ensemble.RootElement.GetProperty("members").EnumerateArray().ToList();
        Assert.Equal(29, members.Count);
        Assert.Equal(12, members.Count(m => m.GetProperty("model").GetString() == "inception" && int.Parse(m.GetProperty("checkpoint").GetString()![2..4], System.Globalization.CultureInfo.InvariantCulture) <= 16));
        Assert.Equal(4, members.Count(m => m.GetProperty("model").GetString() == "inception2"));
        Assert.Equal(4, members.Count(m => m.GetProperty("model").GetString() == "resnet"));
        Assert.Equal(JsonValueKind.Null, ensemble.RootElement.GetProperty("val_accuracy").ValueKind);

        // The submission: the competition's format, one row per test.csv id in its order, labels from train.csv.
        var submission = File.ReadAllLines(Path.Combine(artifacts, "submission.csv"));
        var testIds = File.ReadAllLines(Path.Combine(data, "test.csv")).Skip(1).ToList();
        var labels = File.ReadAllLines(Path.Combine(data, "train.csv")).Skip(1).Select(l => l.Split(',')[1]).ToHashSet();
        Assert.Equal("image_id,label", submission[0]);
        Assert.Equal(testIds, submission.Skip(1).Select(l => l.Split(',')[0]));
        Assert.All(submission.Skip(1), l => Assert.Contains(l.Split(',')[1], labels));

        var report = File.ReadAllText(Path.Combine(artifacts, "report", "index.html"));
        Assert.Contains("No validation figure exists", report, StringComparison.Ordinal);
    }

    private static void AssertPhases(string modelFolder, string[] phases)
    {
        var epochs = File.ReadAllLines(Path.Combine(modelFolder, "metrics.jsonl"))
            .Select(l => JsonDocument.Parse(l).RootElement)
            .ToList();
        Assert.Equal(phases, epochs.Select(e => e.GetProperty("phase").GetString()));
        Assert.All(epochs, e => Assert.Equal(JsonValueKind.Null, e.GetProperty("val_acc").ValueKind));
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(modelFolder, "checkpoints", "manifest.json")));
        var saved = manifest.RootElement.EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToList();
        Assert.Equal(phases.Select((p, i) => $"{p}_e{i + 1}"), saved);
    }

    private static IEnumerable<string> Expected(string model, int first, int last, int[] versions) =>
        Enumerable.Range(first, last - first + 1).SelectMany(cp => versions.Select(v => $"{model}__cp{cp}_e{cp}__tta{v}"));

    private static IReadOnlyList<string> TestPredictions(string artifacts, string model) =>
        [.. Directory.EnumerateFiles(Path.Combine(artifacts, "predictions", model, "predictions"), "*.test.pred")
            .Select(f => Path.GetFileName(f)[..^".test.pred".Length])
            .Order(Pipeline.Ensembling.Members.NaturalStringComparer.Instance)];
}

using System.Text;
using System.Text.Json;
using Pipeline.Tests.Support;
using Xunit;

namespace Pipeline.Tests.EndToEnd;

/// <summary>A second full build of the tiny chain, in its own folders and processes, for <see cref="DeterminismTests"/>.</summary>
public sealed class SecondBuildFixture : IDisposable
{
    public SecondBuildFixture()
    {
        Experiment = new TinyExperiment();
        Build = Experiment.Build("Ensemble");
    }

    public TinyExperiment Experiment { get; }

    public BuildRun Build { get; }

    public void Dispose() => Experiment.Dispose();
}

/// <summary>
/// Issue 6: "the same build gives the same outputs". The tiny chain runs twice, in two artifacts folders and
/// separate processes (the shared build and a second one), and every run must produce the same bytes.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class DeterminismTests(TinyBuildFixture fixture, SecondBuildFixture second) : IClassFixture<SecondBuildFixture>
{
    /// <summary>
    /// Same key for every run, and the same output hash for every run but Report: its index.html shows how long
    /// each stage took when it ran (issue 5 asks for the timings), so it is the one output that is not bit-stable;
    /// its metrics.json is compared byte for byte in the next test. When this fails, the
    /// message names each run whose output differs under an equal key (the nondeterministic stage) and the
    /// files that differ, then the runs whose key differs only because an upstream output did.
    /// </summary>
    [Fact]
    public void Every_run_has_the_same_key_and_output_hash_in_both_builds()
    {
        var a = fixture.RequireLock();
        Assert.True(second.Build.ExitCode == 0, BuildLog.Describe(second.Build));
        var b = LockFile.Read(second.Experiment);
        Assert.Equal(a.Runs.Keys, b.Runs.Keys);

        var problems = new StringBuilder();
        foreach (var run in a.Runs.Values.Where(r => r.Target != "Report"))
        {
            var other = b[run.RunId];
            if (run.Key == other.Key && run.Output != other.Output)
            {
                var files = DifferingFiles(fixture.Experiment, run, second.Experiment, other);
                problems.AppendLine($"{run.RunId}: same key {run.Key}, different outputs {run.Output} / {other.Output}; files that differ: {string.Join(", ", files)}");
            }
        }

        foreach (var run in a.Runs.Values)
        {
            var other = b[run.RunId];
            if (run.Key != other.Key)
            {
                problems.AppendLine($"{run.RunId}: different keys {run.Key} / {other.Key} (its parameters are {(Same(run.Parameters, other.Parameters) ? "equal, so an upstream output differs" : "different")})");
            }
        }

        Assert.True(problems.Length == 0, $"the two builds differ:\n{problems}");
    }

    /// <summary>The bytes a user takes away: submission, every checkpoint, every prediction file, the report's metrics.</summary>
    [Fact]
    public void Submission_checkpoints_predictions_and_report_metrics_are_byte_identical()
    {
        var first = fixture.RequireBuilt();
        Assert.True(second.Build.ExitCode == 0, BuildLog.Describe(second.Build));

        var compared = new List<string> { "submission.csv", Path.Combine("report", "metrics.json") };
        foreach (var model in new[] { "inception", "resnet", "student" })
        {
            compared.AddRange(Files(first, "models", model, "checkpoints").Where(f => f.EndsWith(".pt", StringComparison.Ordinal)));
            compared.AddRange(Files(first, "predictions", model, "predictions"));
        }

        Assert.Equal(5, compared.Count(f => f.EndsWith(".pt", StringComparison.Ordinal)));
        Assert.All(compared, relative => Assert.True(
            File.ReadAllBytes(first.ArtifactPath(relative)).AsSpan().SequenceEqual(File.ReadAllBytes(second.Experiment.ArtifactPath(relative))),
            $"{relative} differs between the two builds"));
    }

    private static IEnumerable<string> Files(TinyExperiment experiment, params string[] folder) =>
        Directory.GetFiles(experiment.ArtifactPath(folder)).Select(f => Path.GetRelativePath(experiment.Artifacts, f)).Order(StringComparer.Ordinal);

    private static bool Same(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out var v) && v == p.Value);

    /// <summary>Files whose hashes differ between two store entries, from the entries' manifest.json.</summary>
    private static IReadOnlyList<string> DifferingFiles(TinyExperiment a, LockFileRun runA, TinyExperiment b, LockFileRun runB)
    {
        var filesA = ManifestFiles(a, runA.Key);
        var filesB = ManifestFiles(b, runB.Key);
        return [.. filesA.Keys.Union(filesB.Keys).Where(f => !filesA.TryGetValue(f, out var h) || !filesB.TryGetValue(f, out var g) || h != g).Order(StringComparer.Ordinal)];
    }

    private static Dictionary<string, string> ManifestFiles(TinyExperiment experiment, string key)
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(experiment.ArtifactPath("cache", key[..2], key, "manifest.json")));
        return manifest.RootElement.GetProperty("files").EnumerateArray()
            .ToDictionary(f => f.GetProperty("path").GetString()!, f => f.GetProperty("hash").GetString()!);
    }
}

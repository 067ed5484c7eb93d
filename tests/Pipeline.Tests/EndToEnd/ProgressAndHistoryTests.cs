using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Pipeline.Engine;
using Pipeline.Tests.Support;
using Xunit;

namespace Pipeline.Tests.EndToEnd;

/// <summary>Issue 16 through the real entry: live progress on a pipe, the run history (Runs, Compare --build), Gc and Clean.</summary>
[Collection(EndToEndCollection.Name)]
public sealed partial class ProgressAndHistoryTests
{
    /// <summary>
    /// stdout is a pipe (as in CI): the build prints a progress line at each epoch end. The first one arrives while
    /// the training stage still runs: its progress channel (deleted when the stage process exits) still exists and
    /// 39 epochs are still to come. (With 6 epochs an idle machine trained them all within one 250 ms poll.)
    /// </summary>
    [Fact]
    public async Task Progress_lines_reach_a_piped_console_before_the_training_stage_ends()
    {
        using var tiny = new TinyExperiment();
        tiny.Edit("inception.yaml", "{name: cp1, epochs: 2,", "{name: cp1, epochs: 40,");
        tiny.Edit("ensemble.yaml", "checkpoint: cp1_e2", "checkpoint: cp1_e40");
        var layout = new ArtifactLayout(tiny.Artifacts);
        using var process = BuildProcess.Start(["TrainInception", "--experiment", tiny.Directory, "--artifacts", tiny.Artifacts]);
        var error = process.StandardError.ReadToEndAsync();
        var lines = new List<string>();
        bool? channelOpenAtFirstEpoch = null;
        string? line;
        while ((line = await process.StandardOutput.ReadLineAsync()) is not null)
        {
            lines.Add(line);
            if (channelOpenAtFirstEpoch is null && line.StartsWith("TrainInception: epoch 1/40 [cp1] step 3/3 done", StringComparison.Ordinal))
            {
                channelOpenAtFirstEpoch = Directory.EnumerateFiles(layout.TmpDirectory, "*.progress.jsonl").Any();
            }
        }

        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(5)));
        var output = string.Join('\n', lines) + "\n" + await error;
        Assert.True(process.ExitCode == 0, output);
        Assert.True(channelOpenAtFirstEpoch, $"no epoch-1 line while the stage ran:\n{output}");
        var epochs = lines.Where(l => l.StartsWith("TrainInception: epoch ", StringComparison.Ordinal) && l.Contains(" done", StringComparison.Ordinal)).ToList();
        Assert.Equal(Enumerable.Range(1, 40).Select(e => $"epoch {e}/40"), epochs.Select(l => l.Split(" [")[0]["TrainInception: ".Length..]));
        Assert.All(epochs, l => Assert.Matches(@", \d+\.\d img/s, val acc .*, ETA \d+:\d\d \(running \d+:\d\d\)$", l));
        Assert.True(lines.FindIndex(l => l.Contains("epoch 40/40", StringComparison.Ordinal)) < lines.FindIndex(l => l.StartsWith("TrainInception: ran", StringComparison.Ordinal)));
    }

    /// <summary>Two builds with a changed learning rate: Runs shows both and the change, Compare takes them by number, Gc frees the old model.</summary>
    [Fact]
    public void Runs_lists_two_builds_with_the_changed_parameter_Compare_takes_them_and_Gc_frees_the_unused_entry()
    {
        using var tiny = new TinyExperiment();
        var first = tiny.Build("TrainInception");
        Assert.True(first.ExitCode == 0, BuildLog.Describe(first));
        tiny.Edit("inception.yaml", "lr: 0.003", "lr: 0.004");
        var second = tiny.Build("TrainInception");
        Assert.True(second.ExitCode == 0, BuildLog.Describe(second));

        var history = File.ReadAllLines(tiny.ArtifactPath("history.jsonl")).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(2, history.Count);
        string KeyOf(JsonNode record, string runId) => record["runs"]!.AsArray().Single(r => r!["runId"]!.GetValue<string>() == runId)!["key"]!.GetValue<string>();
        Assert.Equal(KeyOf(history[0], "Preprocess"), KeyOf(history[1], "Preprocess"));
        Assert.NotEqual(KeyOf(history[0], "TrainInception"), KeyOf(history[1], "TrainInception"));
        Assert.Equal("0.004", history[1]["parameters"]!["inception.yaml"]!["training.phases[0].optimizer.lr"]!.GetValue<string>());

        var runs = tiny.Build("Runs");
        Assert.True(runs.ExitCode == 0, BuildLog.Describe(runs));
        var rows = BuildLog.Lines(runs.Output).Where(l => Row().IsMatch(l)).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Matches(@"^1 .* TrainInception\s+ok\s+3\s+80\S*\s+\d\.\d{4}\s+\(first build\)$", rows[0]);
        Assert.Matches(@"^2 .* TrainInception\s+ok\s+1\s+80\S*\s+\d\.\d{4}\s+inception\.yaml: training\.phases\[0\]\.optimizer\.lr 0\.003 -> 0\.004$", rows[1]);
        Assert.Contains(BuildLog.Lines(runs.Output), l => l.StartsWith("#  started (UTC)", StringComparison.Ordinal) && l.Contains("TrainInception.val_accuracy", StringComparison.Ordinal));

        var compare = tiny.Build("Compare", "--build", "1", "--build", "last");
        Assert.True(compare.ExitCode == 0, BuildLog.Describe(compare));
        Assert.Matches(@"(?m)^inception\.yaml\s+training\.phases\[0\]\.optimizer\.lr\s+0\.003\s+0\.004$", compare.Output);
        Assert.Matches(@"(?m)^TrainInception\.val_accuracy\s+\d\.\d{4}\s+\d\.\d{4}\s+\S+$", compare.Output);
        var unknown = tiny.Build("Compare", "--build", "1", "--build", "3");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("--build 3: no such build; the history holds builds 1 to 2", unknown.Error);

        var keepBoth = tiny.Build("Gc", "--keep", "2");
        Assert.True(keepBoth.ExitCode == 0, BuildLog.Describe(keepBoth));
        Assert.Contains("removed 0 cache entries", keepBoth.Output);

        var gc = tiny.Build("Gc");
        Assert.True(gc.ExitCode == 0, BuildLog.Describe(gc));
        var removed = BuildLog.Lines(gc.Output).Where(l => l.StartsWith("  removed ", StringComparison.Ordinal)).ToList();
        Assert.StartsWith($"  removed {KeyOf(history[0], "TrainInception")} TrainInception ", Assert.Single(removed));
        Assert.Matches(@"(?m)^Gc: freed \d+\.\d [KMG]iB$", gc.Output);
        var plan = tiny.Build("TrainInception", "--plan");
        Assert.Equal(["cached", "cached"], BuildLog.Plan(plan).Select(p => p.Value));
    }

    [Fact]
    public void Clean_with_an_experiment_removes_its_results_only_and_never_under_a_running_build()
    {
        using var tiny = new TinyExperiment();
        var build = tiny.Build("Preprocess");
        Assert.True(build.ExitCode == 0, BuildLog.Describe(build));
        // Another experiment's folder and the benchmarks' output live beside the results.
        Directory.CreateDirectory(tiny.ArtifactPath("other", "cache", "ab"));
        File.WriteAllText(tiny.ArtifactPath("other", "pipeline.lock.json"), "{}");
        Directory.CreateDirectory(tiny.ArtifactPath("bench"));
        File.WriteAllText(tiny.ArtifactPath("bench", "figure_a.json"), "{}");
        var results = new[] { "cache", "logs", "data", "pipeline.lock.json", "history.jsonl" };
        Assert.All(results, name => Assert.True(Path.Exists(tiny.ArtifactPath(name)), name));

        using (var buildLock = BuildLock.TryAcquire(new ArtifactLayout(tiny.Artifacts), NullEngineEvents.Instance, out _))
        {
            Assert.NotNull(buildLock);
            var refused = tiny.Build("Clean");
            Assert.Equal(1, refused.ExitCode);
            Assert.Contains("is running", refused.Error);
            Assert.All(results, name => Assert.True(Path.Exists(tiny.ArtifactPath(name)), name));
        }

        var clean = tiny.Build("Clean");

        Assert.True(clean.ExitCode == 0, BuildLog.Describe(clean));
        Assert.All(results, name => Assert.False(Path.Exists(tiny.ArtifactPath(name)), name));
        Assert.True(File.Exists(tiny.ArtifactPath("other", "pipeline.lock.json")));
        Assert.True(Directory.Exists(tiny.ArtifactPath("other", "cache", "ab")));
        Assert.True(File.Exists(tiny.ArtifactPath("bench", "figure_a.json")));
    }

    [GeneratedRegex(@"^\d+\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s")]
    private static partial Regex Row();
}

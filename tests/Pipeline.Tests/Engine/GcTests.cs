using System.Text.Json.Nodes;
using Pipeline.Engine;
using Pipeline.Tests.Engine.Support;
using Xunit;

namespace Pipeline.Tests.Engine;

/// <summary>Garbage collection of the store: what stays, what goes, in which order, and never under a running build.</summary>
public sealed class GcTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 4, 9, 0, 0, TimeSpan.Zero);
    private readonly EngineSandbox _sandbox = new();
    private readonly RecordingEvents _events = new();

    public void Dispose() => _sandbox.Dispose();

    private ArtifactLayout Layout => new(_sandbox.Artifacts);

    [Fact]
    public void Gc_removes_the_entries_no_recent_build_uses_and_the_last_build_stays_cached()
    {
        var first = BuildAndRecord(new ChainExperiment { LearningRate = 0.001 }, T0);
        var second = BuildAndRecord(new ChainExperiment { LearningRate = 0.002 }, T0.AddHours(1));
        var before = _sandbox.Entries();

        var report = StoreCollector.Collect(Layout, keep: 0, maxBytes: null, _events);

        var removed = Assert.Single(report.Removed);
        Assert.Equal(Key(first, "Train/main"), removed.Key);
        Assert.Equal("Train/main", removed.RunId);
        Assert.True(removed.Bytes > 0);
        Assert.Equal(before.Except([removed.Key]).Order(StringComparer.Ordinal), _sandbox.Entries());
        Assert.Equal(report.Removed.Sum(e => e.Bytes), report.BytesFreed);
        foreach (var run in second.Runs)
        {
            Assert.Contains(run.Key!, _sandbox.Entries());
        }

        // What stayed is whole: the same build again executes nothing.
        _sandbox.ResetCounter();
        var again = _sandbox.Build(new ChainExperiment { LearningRate = 0.002 }.Graph(), "All");
        Assert.True(again.Succeeded, string.Join("\n", again.Failures));
        Assert.Empty(_sandbox.Executions());
    }

    [Fact]
    public void Keep_N_also_keeps_the_entries_of_the_N_most_recent_builds()
    {
        var first = BuildAndRecord(new ChainExperiment { LearningRate = 0.001 }, T0);
        var second = BuildAndRecord(new ChainExperiment { LearningRate = 0.002 }, T0.AddHours(1));
        var third = BuildAndRecord(new ChainExperiment { LearningRate = 0.003 }, T0.AddHours(2));

        var keepThree = StoreCollector.Collect(Layout, keep: 3, maxBytes: null, _events);
        Assert.Empty(keepThree.Removed);

        var keepTwo = StoreCollector.Collect(Layout, keep: 2, maxBytes: null, _events);
        Assert.Equal([Key(first, "Train/main")], keepTwo.Removed.Select(e => e.Key));
        Assert.Contains(Key(second, "Train/main"), _sandbox.Entries());
        Assert.Contains(Key(third, "Train/main"), _sandbox.Entries());
    }

    [Fact]
    public void Max_size_removes_the_least_recently_used_entries_first_and_only_as_many_as_needed()
    {
        var first = BuildAndRecord(new ChainExperiment { LearningRate = 0.001 }, T0);
        var second = BuildAndRecord(new ChainExperiment { LearningRate = 0.002 }, T0.AddHours(1));
        BuildAndRecord(new ChainExperiment { LearningRate = 0.003 }, T0.AddHours(2));
        // A later build used the first model again (it came back from the cache): the second is now the least recently used.
        BuildAndRecord(new ChainExperiment { LearningRate = 0.001 }, T0.AddHours(3), expectCached: true);
        BuildAndRecord(new ChainExperiment { LearningRate = 0.003 }, T0.AddHours(4), expectCached: true);
        var total = Directory.EnumerateFiles(Layout.CacheDirectory, "*", SearchOption.AllDirectories)
            .Where(f => !f.StartsWith(Layout.TmpDirectory, StringComparison.Ordinal) && Path.GetFileName(f) != "statcache.json")
            .Sum(f => new FileInfo(f).Length);

        var report = StoreCollector.Collect(Layout, keep: 0, maxBytes: total - 1, _events);

        Assert.Equal([Key(second, "Train/main")], report.Removed.Select(e => e.Key));
        Assert.Contains(Key(first, "Train/main"), _sandbox.Entries());
        Assert.False(report.OverLimit);

        var tiny = StoreCollector.Collect(Layout, keep: 0, maxBytes: 1, _events);
        Assert.Equal([Key(first, "Train/main")], tiny.Removed.Select(e => e.Key));
        Assert.True(tiny.OverLimit, "the last build's entries alone exceed one byte, and they are never removed");
    }

    /// <summary>A build is running (its stage waits for a file): Gc must leave its store alone.</summary>
    [Fact]
    public async Task Gc_removes_nothing_while_a_running_build_holds_the_build_lock()
    {
        BuildAndRecord(new ChainExperiment { LearningRate = 0.001 }, T0);
        BuildAndRecord(new ChainExperiment { LearningRate = 0.002 }, T0.AddHours(1));
        var before = _sandbox.Entries();
        var release = Path.Combine(_sandbox.Markers, "release");
        var graph = new BuildGraph(
            [new TargetDefinition("Slow")],
            [new StageRun("Slow", "Slow", "progress") { Parameters = new JsonObject { ["epochs"] = 1, ["release_file"] = release, ["timeout_ms"] = 60000 } }]);
        var events = new RecordingEvents();
        var running = _sandbox.Engine(events).BuildAsync(graph, new BuildRequest("Slow"));
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (events.Started.Count == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the slow build never started its stage");
            await Task.Delay(20);
        }

        var report = StoreCollector.Collect(Layout, keep: 0, maxBytes: null, _events);
        await File.WriteAllTextAsync(release, "");
        var result = await running;

        Assert.True(report.HeldByBuild);
        Assert.Equal(Environment.ProcessId, report.Holder);
        Assert.Empty(report.Removed);
        Assert.Equal(before, _sandbox.Entries().Where(before.Contains));
        Assert.True(result.Succeeded, string.Join("\n", result.Failures));

        // Once the build is over, the same collection goes ahead.
        Assert.NotEmpty(StoreCollector.Collect(Layout, keep: 0, maxBytes: null, _events).Removed);
    }

    [Fact]
    public void Orphaned_work_folders_go_unless_a_stage_process_still_holds_one()
    {
        BuildAndRecord(new ChainExperiment(), T0);
        var orphan = new string('1', 32);
        var busy = new string('2', 32);
        Directory.CreateDirectory(Layout.WorkDirectory(orphan));
        File.WriteAllText(Path.Combine(Layout.WorkDirectory(orphan), "partial.txt"), "half a model");
        File.WriteAllText(Layout.SpecPath(orphan), "{}");
        Directory.CreateDirectory(Layout.WorkDirectory(busy));
        File.WriteAllText(Path.Combine(Layout.WorkDirectory(busy), "partial.txt"), "being written");
        var entries = _sandbox.Entries();

        // The lock a stage process holds on its work folder while it runs.
        using (new FileStream(Layout.WorkLockPath(busy), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            var report = StoreCollector.Collect(Layout, keep: 0, maxBytes: null, _events);

            Assert.Equal(1, report.WorkFoldersRemoved);
            Assert.Equal("half a model".Length, report.WorkBytesFreed);
            Assert.False(Directory.Exists(Layout.WorkDirectory(orphan)));
            Assert.False(File.Exists(Layout.SpecPath(orphan)));
            Assert.True(File.Exists(Path.Combine(Layout.WorkDirectory(busy), "partial.txt")), "a held work folder was removed");
        }

        Assert.Equal(entries, _sandbox.Entries());
    }

    private BuildResult BuildAndRecord(ChainExperiment experiment, DateTimeOffset finished, bool expectCached = false)
    {
        _sandbox.ResetCounter();
        var result = _sandbox.Build(experiment.Graph(), "All");
        Assert.True(result.Succeeded, string.Join("\n", result.Failures));
        if (expectCached)
        {
            Assert.Empty(_sandbox.Executions());
        }

        BuildHistory.Append(BuildHistory.PathOf(Layout), BuildRecord.From(result, finished, finished, "chain", ["All"], new(StringComparer.Ordinal)));
        return result;
    }

    private static string Key(BuildResult result, string runId) => result.Runs.Single(r => r.RunId == runId).Key!;
}

using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Pipeline.Engine;
using Pipeline.Tests.Engine.Support;
using Xunit;

namespace Pipeline.Tests.Engine;

public sealed class ConcurrencyTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly EngineSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public void Independent_runs_execute_at_the_same_time_with_two_jobs()
    {
        StageRun Marker(string name, string other) => new(name, name, "sleep-marker")
        {
            Parameters = new JsonObject
            {
                ["markers"] = _sandbox.Markers,
                ["name"] = name,
                ["wait_for"] = new JsonArray(other),
                ["timeout_ms"] = 30000,
            },
        };
        var graph = new BuildGraph(
            [new TargetDefinition("Left"), new TargetDefinition("Right"), new TargetDefinition("Both", dependsOn: ["Left", "Right"])],
            [Marker("Left", "Right"), Marker("Right", "Left")]);

        var result = _sandbox.Build(graph, new BuildRequest("Both") { Jobs = 2 });

        // Each stage waits for the other's start marker: both can only finish if they ran at the same time.
        Assert.True(result.Succeeded, string.Join("\n", result.Failures));
        Assert.True(File.Exists(Path.Combine(_sandbox.Markers, "Left.end")));
        Assert.True(File.Exists(Path.Combine(_sandbox.Markers, "Right.end")));
    }

    [Fact]
    public async Task Two_concurrent_builds_both_succeed_the_second_waits_and_finds_everything_cached()
    {
        var graph = new BuildGraph(
            [new TargetDefinition("Gate"), new TargetDefinition("After", dependsOn: ["Gate"])],
            [
                new StageRun("Gate", "Gate", "sleep-marker")
                {
                    Parameters = new JsonObject
                    {
                        ["markers"] = _sandbox.Markers,
                        ["name"] = "gate",
                        ["wait_for"] = new JsonArray("release"),
                        ["timeout_ms"] = 30000,
                    },
                },
                new StageRun("After", "After", "write") { Parameters = new JsonObject { ["concat_upstream"] = true }, Upstream = ["Gate"] },
            ]);
        var firstEvents = new RecordingEvents();
        var secondEvents = new RecordingEvents();

        var first = Task.Run(() => _sandbox.Engine(firstEvents).BuildAsync(graph, new BuildRequest("After")));
        await WaitForFileAsync(Path.Combine(_sandbox.Markers, "gate.start"));
        var second = Task.Run(() => _sandbox.Engine(secondEvents).BuildAsync(graph, new BuildRequest("After")));
        await secondEvents.Waiting.Task.WaitAsync(Patience);
        File.WriteAllText(Path.Combine(_sandbox.Markers, "release.start"), "");
        var results = await Task.WhenAll(first, second).WaitAsync(Patience);

        Assert.All(results, r => Assert.True(r.Succeeded, string.Join("\n", r.Failures)));
        Assert.Equal(["Gate", "After"], _sandbox.Executions());
        Assert.Equal(["Gate", "After"], firstEvents.Started);
        Assert.Empty(secondEvents.Started);
        Assert.All(results[1].Runs, r => Assert.Equal(RunStatus.Cached, r.Status));
        Assert.Contains($"Info: waiting for another build (pid {Environment.ProcessId}) to finish...", secondEvents.Messages);
        Assert.Single(secondEvents.Messages, m => m.Contains("waiting", StringComparison.Ordinal));
        Assert.DoesNotContain(firstEvents.Messages, m => m.Contains("waiting", StringComparison.Ordinal));
        // The store holds exactly the two entries and both verify.
        Assert.Equal(results[0].Runs.Select(r => r.Key!).Order(StringComparer.Ordinal), _sandbox.Entries());
        var store = new ArtifactStore(new ArtifactLayout(_sandbox.Artifacts), new ContentHasher(StatCache.InMemory(TimeSpan.Zero)));
        Assert.All(_sandbox.Entries(), key => Assert.Equal(EntryState.Valid, store.Check(key).State));
    }

    [Fact]
    public void A_lock_left_by_a_dead_process_is_taken_over_with_a_message()
    {
        var deadPid = DeadProcessId();
        Directory.CreateDirectory(_sandbox.Artifacts);
        File.WriteAllText(Path.Combine(_sandbox.Artifacts, ".build.lock"), "");
        File.WriteAllText(
            Path.Combine(_sandbox.Artifacts, ".build.lock.owner"),
            new JsonObject { ["pid"] = deadPid, ["started"] = DateTimeOffset.UtcNow.AddMinutes(-5).ToString("O", CultureInfo.InvariantCulture) }.ToJsonString());
        var events = new RecordingEvents();

        var result = _sandbox.Build(new ChainExperiment().Graph(), new BuildRequest("Extra"), events);

        Assert.True(result.Succeeded);
        Assert.Equal([$"Warning: stale lock from pid {deadPid} (not running): taking over"], events.Messages);
        Assert.False(File.Exists(Path.Combine(_sandbox.Artifacts, ".build.lock.owner")));
    }

    [Fact]
    public async Task A_held_lock_is_released_when_the_build_ends()
    {
        var layout = new ArtifactLayout(_sandbox.Artifacts);
        var events = new RecordingEvents();
        using (await BuildLock.AcquireAsync(layout, events, TimeSpan.FromMilliseconds(20), CancellationToken.None))
        {
            using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(
                () => BuildLock.AcquireAsync(layout, events, TimeSpan.FromMilliseconds(20), cancel.Token));
        }

        using var again = await BuildLock.AcquireAsync(layout, events, TimeSpan.FromMilliseconds(20), CancellationToken.None).WaitAsync(Patience);
        Assert.Equal([$"Info: waiting for another build (pid {Environment.ProcessId}) to finish..."], events.Messages);
    }

    private static int DeadProcessId()
    {
        using var process = Process.Start(new ProcessStartInfo("sh", ["-c", "exit 0"]) { UseShellExecute = false })!;
        process.WaitForExit();
        return process.Id;
    }

    private static async Task WaitForFileAsync(string path)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!File.Exists(path))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{path} never appeared.");
            }

            await Task.Delay(20);
        }
    }
}

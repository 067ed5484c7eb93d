using System.Diagnostics;
using System.Text.Json.Nodes;
using Pipeline.Engine;
using Pipeline.Tests.Engine.Support;
using Xunit;

namespace Pipeline.Tests.Engine;

public sealed class FaultTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly EngineSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public async Task A_killed_stage_leaves_no_cache_entry_and_the_next_build_reruns_it_from_its_work_folder()
    {
        var pidFile = Path.Combine(_sandbox.Markers, "hang.pid");
        var releaseFile = Path.Combine(_sandbox.Markers, "release");
        var graph = new BuildGraph(
            [new TargetDefinition("Hang"), new TargetDefinition("After", dependsOn: ["Hang"])],
            [
                new StageRun("Hang", "Hang", "hang")
                {
                    Parameters = new JsonObject { ["pid_file"] = pidFile, ["release_file"] = releaseFile },
                },
                new StageRun("After", "After", "write")
                {
                    Parameters = new JsonObject { ["concat_upstream"] = true },
                    Upstream = ["Hang"],
                },
            ]);

        var build = Task.Run(() => _sandbox.Engine().BuildAsync(graph, new BuildRequest("After")));
        var pid = await WaitForPidAsync(pidFile, build);
        using (var stage = Process.GetProcessById(pid))
        {
            stage.Kill(); // SIGKILL on Unix: the stage gets no chance to clean up.
        }

        var killed = await build.WaitAsync(Patience);

        Assert.False(killed.Succeeded);
        var hang = killed.Runs.Single(r => r.RunId == "Hang");
        Assert.Equal(RunStatus.Failed, hang.Status);
        Assert.Contains("exit code 137, killed by signal 9 (SIGKILL)", hang.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(_sandbox.Artifacts, "logs", "Hang.log"), hang.Message, StringComparison.Ordinal);
        Assert.Equal(RunStatus.Skipped, killed.Runs.Single(r => r.RunId == "After").Status);
        Assert.Empty(_sandbox.Entries());
        Assert.True(File.Exists(Path.Combine(_sandbox.Artifacts, "cache", "tmp", hang.Key!, "partial.txt")));
        Assert.Equal("Hang: run (no cache entry)\nAfter: run (no cache entry)\n", _sandbox.RenderPlan(graph, "After"));

        File.WriteAllText(releaseFile, "");
        var rerun = await _sandbox.Engine().BuildAsync(graph, new BuildRequest("After")).WaitAsync(Patience);

        Assert.True(rerun.Succeeded, string.Join("\n", rerun.Failures));
        Assert.Equal(["Hang", "Hang", "After"], _sandbox.Executions());
        var entry = _sandbox.EntryDirectory(rerun.Runs.Single(r => r.RunId == "Hang").Key!);
        Assert.Equal("resumed", File.ReadAllText(Path.Combine(entry, "result.txt")));
    }

    [Fact]
    public void A_flipped_byte_in_a_cached_file_is_reported_and_the_entry_rebuilt()
    {
        var graph = new ChainExperiment().Graph();
        var first = _sandbox.Build(graph, "Report");
        var key = first.Runs.Single(r => r.RunId == "Train/main").Key!;
        var file = Path.Combine(_sandbox.EntryDirectory(key), "b.txt");
        var bytes = File.ReadAllBytes(file);
        bytes[0] ^= 0x01;
        File.WriteAllBytes(file, bytes);
        _sandbox.ResetCounter();
        var events = new RecordingEvents();

        var result = _sandbox.Build(graph, new BuildRequest("Report"), events);

        Assert.True(result.Succeeded);
        Assert.Contains($"Warning: Train/main: cache entry {key} is corrupt (b.txt: content hash mismatch): removed, rebuilding", events.Messages);
        Assert.Equal(["Train/main"], _sandbox.Executions());
        Assert.Equal("b", File.ReadAllText(file));
        Assert.Equal("Prepare: cached\nTrain: cached\nReport: cached\n", _sandbox.RenderPlan(graph, "Report"));
    }

    [Fact]
    public void A_deleted_cache_folder_is_rebuilt()
    {
        var graph = new ChainExperiment().Graph();
        var first = _sandbox.Build(graph, "Report");
        Directory.Delete(_sandbox.EntryDirectory(first.Runs.Single(r => r.RunId == "Prepare").Key!), recursive: true);
        _sandbox.ResetCounter();

        var result = _sandbox.Build(graph, "Report");

        Assert.True(result.Succeeded);
        Assert.Equal(["Prepare"], _sandbox.Executions());
        Assert.Equal(first.Runs.Select(r => r.Key), result.Runs.Select(r => r.Key));
    }

    [Fact]
    public void A_garbage_manifest_makes_the_entry_corrupt()
    {
        var graph = new ChainExperiment().Graph();
        var first = _sandbox.Build(graph, "Prepare");
        var key = first.Runs.Single().Key!;
        File.WriteAllText(Path.Combine(_sandbox.EntryDirectory(key), "manifest.json"), "{\"key\": \"" + key + "\", \"fil");
        _sandbox.ResetCounter();
        var events = new RecordingEvents();

        var plan = _sandbox.RenderPlan(graph, "Prepare");
        var result = _sandbox.Build(graph, new BuildRequest("Prepare"), events);

        Assert.StartsWith("Prepare: run (cache entry corrupt (manifest.json: unreadable", plan, StringComparison.Ordinal);
        Assert.True(result.Succeeded);
        Assert.Equal(["Prepare"], _sandbox.Executions());
        Assert.Contains(events.Messages, m => m.StartsWith($"Warning: Prepare: cache entry {key} is corrupt (manifest.json: unreadable", StringComparison.Ordinal));
    }

    [Fact]
    public void A_file_added_to_an_entry_makes_it_corrupt()
    {
        var graph = new ChainExperiment().Graph();
        var key = _sandbox.Build(graph, "Prepare").Runs.Single().Key!;
        File.WriteAllText(Path.Combine(_sandbox.EntryDirectory(key), "stray.txt"), "?");

        Assert.Equal("Prepare: run (cache entry corrupt (stray.txt: not in the manifest))\n", _sandbox.RenderPlan(graph, "Prepare"));
    }

    [Fact]
    public void A_work_folder_left_by_a_commit_that_was_killed_is_not_an_entry()
    {
        var graph = new ChainExperiment().Graph();
        var key = _sandbox.Build(graph, "Prepare").Runs.Single().Key!;
        var entry = _sandbox.EntryDirectory(key);
        var work = Path.Combine(_sandbox.Artifacts, "cache", "tmp", key);
        // The state after an orchestrator died between writing the manifest and renaming the folder.
        Directory.Move(entry, work);
        _sandbox.ResetCounter();

        var plan = _sandbox.RenderPlan(graph, "Prepare");
        var result = _sandbox.Build(graph, "Prepare");

        Assert.Equal("Prepare: run (no cache entry)\n", plan);
        Assert.True(result.Succeeded);
        Assert.Equal(["Prepare"], _sandbox.Executions());
        Assert.Equal("Prepare: cached\n", _sandbox.RenderPlan(graph, "Prepare"));
    }

    private static async Task<int> WaitForPidAsync(string pidFile, Task build)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            if (build.IsCompleted)
            {
                throw new InvalidOperationException("The build ended before the hanging stage started: " + (await (Task<BuildResult>)build).Failures.FirstOrDefault());
            }

            if (File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile), out var pid))
            {
                return pid;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException("The hanging stage never wrote its pid.");
    }
}

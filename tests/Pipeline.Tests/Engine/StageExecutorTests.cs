using System.Text.Json.Nodes;
using Pipeline.Engine;
using Pipeline.Tests.Engine.Support;
using Xunit;

namespace Pipeline.Tests.Engine;

/// <summary>The executor alone: one run's stage process (the engine's test host), its commit, its failure.</summary>
public sealed class StageExecutorTests : IDisposable
{
    private readonly EngineSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public async Task A_run_executes_in_its_own_process_and_its_output_is_committed_under_its_key()
    {
        var run = new StageRun("Prepare", "Prepare", "write") { Parameters = new JsonObject { ["files"] = new JsonObject { ["a.txt"] = "a" } } };
        var (executor, store) = Executor();

        var result = await executor.ExecuteAsync(Settled(run, "0123456789abcdef0123456789abcdef"), [], pull: false, CancellationToken.None);

        Assert.Equal(RunStatus.Ran, result.Status);
        Assert.Equal(["Prepare"], _sandbox.Executions());
        Assert.Equal(EntryState.Valid, store.Check("0123456789abcdef0123456789abcdef").State);
        Assert.Equal("a", File.ReadAllText(Path.Combine(_sandbox.EntryDirectory(result.Key!), "a.txt")));
        Assert.Equal(result.Manifest!.ContentHash, store.Check(result.Key!).Manifest!.ContentHash);
        Assert.True(File.Exists(result.LogPath));
    }

    [Fact]
    public async Task A_failing_stage_process_becomes_a_failed_result_with_its_exit_and_log_and_commits_nothing()
    {
        var run = new StageRun("Broken", "Broken", "fail") { Parameters = new JsonObject { ["exit_code"] = 3 } };
        var (executor, store) = Executor();

        var result = await executor.ExecuteAsync(Settled(run, "fedcba9876543210fedcba9876543210"), [], pull: false, CancellationToken.None);

        Assert.Equal(RunStatus.Failed, result.Status);
        Assert.StartsWith("Broken failed: exit code 3", result.Message, StringComparison.Ordinal);
        Assert.Contains($"log: {result.LogPath}", result.Message, StringComparison.Ordinal);
        Assert.Contains("failing on purpose with exit code 3", result.Message, StringComparison.Ordinal);
        Assert.Equal(EntryState.Missing, store.Check("fedcba9876543210fedcba9876543210").State);
    }

    [Fact]
    public async Task The_stage_process_learns_its_job_slot()
    {
        var run = new StageRun("Prepare", "Prepare", "write") { Parameters = new JsonObject { ["environment"] = BuildEngine.SlotVariable } };
        var (executor, _) = Executor();
        var state = Settled(run, "00112233445566778899aabbccddeeff");
        state.Slot = 3;

        var result = await executor.ExecuteAsync(state, [], pull: false, CancellationToken.None);

        Assert.Equal(RunStatus.Ran, result.Status);
        Assert.Equal("3", File.ReadAllText(Path.Combine(_sandbox.EntryDirectory(result.Key!), "environment.txt")));
    }

    private (StageExecutor Executor, ArtifactStore Store) Executor()
    {
        var settings = _sandbox.CreateSettings();
        var layout = new ArtifactLayout(settings.ArtifactsDirectory);
        var store = new ArtifactStore(layout, new ContentHasher(StatCache.Load(layout.StatCachePath, settings.StatCacheRacyWindow)));
        return (new StageExecutor(settings, settings.StageCommand!, store, null, null, NullEngineEvents.Instance, SystemClock.Instance), store);
    }

    private static RunState Settled(StageRun run, string key) =>
        new(run) { Evaluation = new RunEvaluation { Run = run, Key = key, WillRun = true, Reasons = ["no cache entry"] } };
}

using System.Text.Json.Nodes;
using Pipeline.Engine;
using Pipeline.Tests.Engine.Support;
using Xunit;

namespace Pipeline.Tests.Engine;

/// <summary>The lock file's job alone: which runs a build records, which it keeps and which it forgets.</summary>
public sealed class LockFileRecorderTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "lock-recorder-tests", Guid.NewGuid().ToString("N"));

    public LockFileRecorderTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Completed_runs_are_recorded_as_their_key_record_with_output_and_failed_ones_keep_their_old_record()
    {
        var graph = new ChainExperiment().Graph();
        var prepare = graph.GetRun("Prepare");
        var train = graph.GetRun("Train/main");
        var oldTrain = Record(train) with { Output = "old" };
        var lockFile = new PipelineLockFile();
        lockFile.Runs[train.RunId] = oldTrain;
        lockFile.Runs["Gone/run"] = Record(new StageRun("Gone", "Gone/run", "write")) with { Output = "gone" };
        var path = Path.Combine(_folder, "pipeline.lock.json");

        new LockFileRecorder(path, NullEngineEvents.Instance).Record(lockFile, graph, [Completed(prepare, "out-p"), Failed(train)]);

        var saved = PipelineLockFile.Load(path, NullEngineEvents.Instance);
        Assert.Equal(["Prepare", "Train/main"], saved.Runs.Keys);
        Assert.Equal("out-p", saved.Runs["Prepare"].Output);
        Assert.Equal(Record(prepare).Key, saved.Runs["Prepare"].Key);
        Assert.Equal("old", saved.Runs["Train/main"].Output);
    }

    [Fact]
    public void A_lock_file_that_cannot_be_written_is_a_warning()
    {
        var graph = new ChainExperiment().Graph();
        var events = new RecordingEvents();
        var path = Path.Combine(_folder, "pipeline.lock.json");
        Directory.CreateDirectory(path);

        new LockFileRecorder(path, events).Record(new PipelineLockFile(), graph, [Completed(graph.GetRun("Prepare"), "out-p")]);

        Assert.Contains(events.Messages, m => m.StartsWith($"Warning: could not write {path}", StringComparison.Ordinal));
    }

    private static LockedRun Record(StageRun run) =>
        LockedRun.Of(run, run.Upstream.ToDictionary(u => u, u => (UpstreamOutput?)new UpstreamOutput(u, "key-" + u, "hash-" + u, "/unused")), new Dictionary<string, string>());

    private static RunState Completed(StageRun run, string output)
    {
        var record = Record(run);
        return new RunState(run)
        {
            Evaluation = new RunEvaluation { Run = run, Key = record.Key, Record = record, WillRun = true, Reasons = [] },
            Result = new RunResult
            {
                RunId = run.RunId,
                Target = run.Target,
                Status = RunStatus.Ran,
                Key = record.Key,
                Manifest = new OutputManifest { Key = record.Key, RunId = run.RunId, Kind = run.Kind, ContentHash = output, Files = [] },
            },
        };
    }

    private static RunState Failed(StageRun run) =>
        new(run) { Result = new RunResult { RunId = run.RunId, Target = run.Target, Status = RunStatus.Failed, Message = "failed" } };
}

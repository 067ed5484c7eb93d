using System.Diagnostics;
using System.Text.Json.Nodes;
using Pipeline.Engine;
using Xunit;

namespace Pipeline.Tests.Engine;

/// <summary>A stage host whose orchestrator is gone stops its stage: at once when its pipe closes, within a poll otherwise.</summary>
public sealed class OrchestratorWatchTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "engine-tests", Guid.NewGuid().ToString("N"));
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly StageRegistry _registry;

    public OrchestratorWatchTests()
    {
        _registry = new StageRegistry()
            .Add("ok", _ => Task.CompletedTask)
            .Add("wait", async c =>
            {
                _started.SetResult();
                await Task.Delay(Timeout.Infinite, c.CancellationToken);
            })
            .Add("deaf", async _ =>
            {
                // Ignores cancellation: only the host's exit ends it.
                _started.SetResult();
                await _released.Task;
            });
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task End_of_file_on_the_orchestrators_pipe_cancels_the_stage_at_once()
    {
        // The orchestrator (this process) stays alive and stays the parent: only the pipe can tell.
        using var pipe = new HeldPipe();
        var error = new StringWriter();
        var exits = 0;
        var run = Run("wait", Environment.ProcessId, holdsInput: true, pipe, error, () => exits++);
        await _started.Task.WaitAsync(TimeSpan.FromSeconds(30));

        pipe.CloseWriter();

        Assert.Equal(130, await run.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.StartsWith($"R/wait: the orchestrator (pid {Environment.ProcessId}) is gone (its pipe was closed); stopping\nR/wait: cancelled\n",
            error.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, exits);
    }

    [Fact]
    public async Task An_open_pipe_and_a_live_orchestrator_let_the_stage_finish()
    {
        using var pipe = new HeldPipe();
        var error = new StringWriter();

        Assert.Equal(0, await Run("ok", Environment.ProcessId, holdsInput: true, pipe, error, () => { }).WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal("", error.ToString());
        pipe.CloseWriter();
    }

    [Fact]
    public async Task Without_the_pipe_a_poll_notices_that_the_orchestrators_pid_is_gone()
    {
        var error = new StringWriter();
        var run = Run("wait", DeadPid(), holdsInput: false, pipe: null, error, () => { });

        Assert.Equal(130, await run.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("is gone (its pid is not running); stopping", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stage_that_ignores_the_cancellation_is_ended_by_exit()
    {
        var error = new StringWriter();
        var exited = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var run = Run("deaf", DeadPid(), holdsInput: false, pipe: null, error, () =>
        {
            exited.TrySetResult();
            _released.TrySetResult();
        });

        await exited.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await run.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Contains("is gone (its pid is not running); stopping", error.ToString(), StringComparison.Ordinal);
    }

    private Task<int> Run(string kind, int orchestratorPid, bool holdsInput, Stream? pipe, StringWriter error, Action exit)
    {
        var spec = new StageSpec
        {
            RunId = "R/" + kind,
            Target = "R",
            Kind = kind,
            Key = "k" + kind,
            Parameters = [],
            Upstream = [],
            Inputs = new Dictionary<string, string>(),
            OutputDirectory = Path.Combine(_root, "out-" + kind),
            WorkLockPath = Path.Combine(_root, kind + ".lock"),
            ArtifactsDirectory = _root,
            OrchestratorPid = orchestratorPid,
            OrchestratorHoldsInput = holdsInput,
        };
        Directory.CreateDirectory(_root);
        var specPath = Path.Combine(_root, kind + ".json");
        spec.Save(specPath);
        return Task.Run(() => StageHost.RunAsync(specPath, _registry, new StringWriter(), error, pipe, exit, CancellationToken.None));
    }

    /// <summary>The read end of a pipe whose writer never writes: a read blocks until <see cref="CloseWriter"/>, then reads end of file.</summary>
    private sealed class HeldPipe : Stream
    {
        private readonly ManualResetEventSlim _closed = new();

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public void CloseWriter() => _closed.Set();

        public override int Read(byte[] buffer, int offset, int count)
        {
            _closed.Wait();
            return 0;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _closed.Set();
                _closed.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    /// <summary>The pid of a process that has ended (and been reaped).</summary>
    private static int DeadPid()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        process.WaitForExit();
        return process.Id;
    }
}

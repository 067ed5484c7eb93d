using System.Diagnostics;

namespace Pipeline.Engine;

/// <summary>
/// Ends a stage process whose orchestrator is gone, so an orphan never keeps writing into a work folder that the
/// next build reuses: first a cancellation (the stage stops at its next check and exits 130), then, when the stage
/// has not stopped a grace period later, <see cref="Environment.Exit"/>.
/// </summary>
/// <remarks>
/// Two signs, whichever comes first. The engine keeps the write end of the stage's standard input open and never
/// writes to it: the kernel closes it when the orchestrator dies, however it dies, so end of file arrives at once.
/// A poll every second (the orchestrator's pid still alive, the parent unchanged) covers a stage started without
/// that pipe. Polling alone let a fast stage run to its end before it noticed: a tiny network trains 8 epochs in
/// under a second.
/// </remarks>
internal sealed class OrchestratorWatch : IDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    private readonly StageSpec _spec;
    private readonly TextWriter _error;
    private readonly CancellationTokenSource _stop;
    private readonly Action _exit;
    private readonly int _initialParent;
    private readonly Timer _poll;
    private readonly Lock _gate = new();
    private DateTime? _goneAt;
    private bool _disposed;

    private OrchestratorWatch(StageSpec spec, TextWriter error, CancellationTokenSource stop, Stream? pipe, Action exit)
    {
        _spec = spec;
        _error = error;
        _stop = stop;
        _exit = exit;
        _initialParent = OperatingSystem.IsWindows() ? 0 : NativeMethods.GetParentProcessId();
        _poll = new Timer(_ => Poll(), null, PollInterval, PollInterval);
        if (pipe is not null)
        {
            new Thread(() => WaitForEndOfFile(pipe)) { IsBackground = true, Name = "orchestrator pipe" }.Start();
        }
    }

    /// <summary>
    /// Starts watching the orchestrator named in <paramref name="spec"/>; null when the spec names none (a stage run
    /// in-process by a test). <paramref name="pipe"/> is the read end the orchestrator holds open, if it does.
    /// </summary>
    public static OrchestratorWatch? Start(StageSpec spec, TextWriter error, CancellationTokenSource stop, Stream? pipe, Action? exit = null)
    {
        if (spec.OrchestratorPid <= 0)
        {
            return null;
        }

        return new OrchestratorWatch(spec, error, stop, pipe, exit ?? (() => Environment.Exit(1)));
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
        }

        _poll.Dispose();
    }

    private void WaitForEndOfFile(Stream pipe)
    {
        var buffer = new byte[64];
        try
        {
            // Nothing is ever written: a read returns only at end of file (or with bytes someone wrote by mistake).
            while (pipe.Read(buffer) > 0)
            {
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // A broken pipe is the orchestrator gone as well.
        }

        Gone("its pipe was closed");
    }

    private void Poll()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            if (_goneAt is { } at)
            {
                if (DateTime.UtcNow - at >= PollInterval)
                {
                    _error.Flush();
                    _exit();
                }

                return;
            }
        }

        if (!IsAlive(_spec.OrchestratorPid))
        {
            Gone("its pid is not running");
        }
        else if (_initialParent != 0 && NativeMethods.GetParentProcessId() != _initialParent)
        {
            Gone("this process was re-parented");
        }
    }

    private void Gone(string sign)
    {
        lock (_gate)
        {
            if (_disposed || _goneAt is not null)
            {
                return;
            }

            _goneAt = DateTime.UtcNow;
            _error.WriteLine($"{_spec.RunId}: the orchestrator (pid {_spec.OrchestratorPid}) is gone ({sign}); stopping");
            // Under the lock: once Dispose has returned, the host may dispose the token source.
            _stop.Cancel();
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }
}

namespace Pipeline.Engine;

/// <summary>
/// Writes events as plain lines to a <see cref="TextWriter"/> (the console of the build entry when it is not a
/// terminal: CI logs, pipes). Stage progress becomes a line per running run at each epoch end and otherwise at most
/// every <see cref="ProgressInterval"/>; stage output is echoed with a <c>[run id]</c> prefix when asked.
/// </summary>
public sealed class TextWriterEngineEvents : IEngineEvents, IDisposable
{
    private readonly TextWriter _writer;
    private readonly bool _echoStageOutput;
    private readonly IClock _clock;
    private readonly Lock _gate = new();
    private readonly ProgressBoard _board = new();
    private readonly TimeSpan _heartbeatPeriod;
    private Timer? _heartbeat;

    /// <summary>
    /// Creates the sink; <paramref name="progressInterval"/> defaults to <see cref="DefaultProgressInterval"/>. While
    /// runs execute, a timer calls <see cref="PrintDue"/> every <paramref name="heartbeatPeriod"/> (default 1 s;
    /// <see cref="Timeout.InfiniteTimeSpan"/>: never, for tests that call it themselves).
    /// </summary>
    public TextWriterEngineEvents(
        TextWriter writer, bool echoStageOutput = false, TimeSpan? progressInterval = null, IClock? clock = null, TimeSpan? heartbeatPeriod = null)
    {
        _writer = writer ?? throw new ArgumentNullException(nameof(writer));
        _echoStageOutput = echoStageOutput;
        _clock = clock ?? SystemClock.Instance;
        ProgressInterval = progressInterval ?? DefaultProgressInterval;
        _heartbeatPeriod = heartbeatPeriod ?? TimeSpan.FromSeconds(1);
    }

    /// <summary>The longest silence of a running run between two progress lines (epoch ends print at once).</summary>
    public static TimeSpan DefaultProgressInterval { get; } = TimeSpan.FromSeconds(30);

    /// <summary>This sink's interval.</summary>
    public TimeSpan ProgressInterval { get; }

    /// <inheritdoc />
    public void Message(EngineMessageLevel level, string text) => Write(level switch
    {
        EngineMessageLevel.Warning => "warning: " + text,
        EngineMessageLevel.Error => "error: " + text,
        _ => text,
    });

    /// <inheritdoc />
    public void RunStarted(StageRun run, string key, string logPath)
    {
        _board.Started(run.RunId, _clock.UtcNow);
        lock (_gate)
        {
            // A run that reports nothing (or is stuck) still shows it is alive every interval.
            if (_heartbeatPeriod != Timeout.InfiniteTimeSpan)
            {
                _heartbeat ??= new Timer(_ => PrintDue(), null, _heartbeatPeriod, _heartbeatPeriod);
            }
        }

        Write($"{run.RunId}: started (log {logPath})");
    }

    /// <inheritdoc />
    public void RunFinished(RunResult result)
    {
        _board.Finished(result.RunId);
        if (_board.Count == 0)
        {
            StopHeartbeat();
        }

        if (result.Status == RunStatus.Cached)
        {
            return;
        }

        Write(result.Message is null
            ? $"{result.RunId}: {result.Status.ToDisplayString()} in {DurationText.Format(result.Duration)}"
            : $"{result.RunId}: {result.Status.ToDisplayString()}: {result.Message}");
    }

    /// <inheritdoc />
    public void StageOutput(string runId, string line)
    {
        if (_echoStageOutput)
        {
            Write($"[{runId}] {line}");
        }
    }

    /// <inheritdoc />
    public void StageProgress(string runId, StageProgressReport report)
    {
        if (_board.Report(runId, report, _clock.UtcNow, ProgressInterval) is { } line)
        {
            Write(line);
        }
    }

    /// <summary>Stops the heartbeat timer.</summary>
    public void Dispose() => StopHeartbeat();

    /// <summary>Prints a line for each running run that printed nothing for <see cref="ProgressInterval"/>.</summary>
    public void PrintDue()
    {
        foreach (var line in _board.Due(_clock.UtcNow, ProgressInterval))
        {
            Write(line);
        }
    }

    private void StopHeartbeat()
    {
        lock (_gate)
        {
            _heartbeat?.Dispose();
            _heartbeat = null;
        }
    }

    private void Write(string line)
    {
        lock (_gate)
        {
            _writer.WriteLine(line);
            _writer.Flush();
        }
    }
}

namespace Pipeline.Engine;

/// <summary>
/// Writes events as plain lines to a <see cref="TextWriter"/> (the console of the build entry); stage output is
/// echoed with a <c>[run id]</c> prefix when asked.
/// </summary>
public sealed class TextWriterEngineEvents : IEngineEvents
{
    private readonly TextWriter _writer;
    private readonly bool _echoStageOutput;
    private readonly Lock _gate = new();

    /// <summary>Creates the sink.</summary>
    public TextWriterEngineEvents(TextWriter writer, bool echoStageOutput = false)
    {
        _writer = writer ?? throw new ArgumentNullException(nameof(writer));
        _echoStageOutput = echoStageOutput;
    }

    /// <inheritdoc />
    public void Message(EngineMessageLevel level, string text) => Write(level switch
    {
        EngineMessageLevel.Warning => "warning: " + text,
        EngineMessageLevel.Error => "error: " + text,
        _ => text,
    });

    /// <inheritdoc />
    public void RunStarted(StageRun run, string key, string logPath) =>
        Write($"{run.RunId}: started (log {logPath})");

    /// <inheritdoc />
    public void RunFinished(RunResult result)
    {
        if (result.Status == RunStatus.Cached)
        {
            return;
        }

        Write(result.Message is null
            ? $"{result.RunId}: {result.Status.ToDisplayString()} in {SummaryRenderer.FormatDuration(result.Duration)}"
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

    private void Write(string line)
    {
        lock (_gate)
        {
            _writer.WriteLine(line);
            _writer.Flush();
        }
    }
}

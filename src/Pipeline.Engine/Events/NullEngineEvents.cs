namespace Pipeline.Engine;

/// <summary>Discards every event.</summary>
public sealed class NullEngineEvents : IEngineEvents
{
    /// <summary>The shared instance.</summary>
    public static NullEngineEvents Instance { get; } = new();

    /// <inheritdoc />
    public void Message(EngineMessageLevel level, string text)
    {
    }

    /// <inheritdoc />
    public void RunStarted(StageRun run, string key, string logPath)
    {
    }

    /// <inheritdoc />
    public void RunFinished(RunResult result)
    {
    }

    /// <inheritdoc />
    public void StageOutput(string runId, string line)
    {
    }
}

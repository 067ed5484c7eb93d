namespace Pipeline.Engine;

/// <summary>
/// What the engine tells the outside world while it works. Implementations must be thread-safe: runs execute in
/// parallel and stage output arrives on background threads.
/// </summary>
public interface IEngineEvents
{
    /// <summary>An orchestrator message (waiting for a lock, stale lock taken over, corrupt entry, failure).</summary>
    void Message(EngineMessageLevel level, string text);

    /// <summary>A stage process is about to start for <paramref name="run"/>.</summary>
    void RunStarted(StageRun run, string key, string logPath);

    /// <summary>A run reached its final state (ran, cached, failed or skipped).</summary>
    void RunFinished(RunResult result);

    /// <summary>One line the stage process wrote to stdout or stderr (it is also in the run's log file).</summary>
    void StageOutput(string runId, string line);

    /// <summary>
    /// A structured progress report of a running stage (from its progress file, never parsed from its log). Displays
    /// override this; the default ignores it.
    /// </summary>
    void StageProgress(string runId, StageProgressReport report)
    {
    }
}

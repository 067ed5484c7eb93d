namespace Pipeline.Engine;

/// <summary>Severity of an orchestrator message.</summary>
public enum EngineMessageLevel
{
    /// <summary>Progress worth telling (waiting for a lock, cache verified).</summary>
    Info,

    /// <summary>Something was wrong and repaired (a corrupt entry, a stale lock).</summary>
    Warning,

    /// <summary>A run failed.</summary>
    Error,
}

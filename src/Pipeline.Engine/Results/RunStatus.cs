namespace Pipeline.Engine;

/// <summary>Final state of a run or target in a build.</summary>
public enum RunStatus
{
    /// <summary>A valid store entry was used; nothing executed.</summary>
    Cached,

    /// <summary>The stage process executed and its output was committed.</summary>
    Ran,

    /// <summary>The stage process failed (or could not start, or its output could not be committed).</summary>
    Failed,

    /// <summary>Not attempted because something it depends on failed, or the build was cancelled.</summary>
    Skipped,
}

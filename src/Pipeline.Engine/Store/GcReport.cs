namespace Pipeline.Engine;

/// <summary>What one garbage collection of one artifacts folder did.</summary>
public sealed record GcReport
{
    /// <summary>The artifacts folder.</summary>
    public required string Root { get; init; }

    /// <summary>Set when a running build held the build lock: nothing was touched. The holder's pid when known.</summary>
    public bool HeldByBuild { get; init; }

    /// <summary>The pid of the build that held the lock, when known.</summary>
    public int? Holder { get; init; }

    /// <summary>Entries removed, least recently used first.</summary>
    public IReadOnlyList<GcEntry> Removed { get; init; } = [];

    /// <summary>Entries kept.</summary>
    public IReadOnlyList<GcEntry> Kept { get; init; } = [];

    /// <summary>Work folders of unfinished runs (and leftovers of interrupted deletions) removed.</summary>
    public int WorkFoldersRemoved { get; init; }

    /// <summary>Bytes those work folders held.</summary>
    public long WorkBytesFreed { get; init; }

    /// <summary>Set when a size limit was given and the entries that must stay exceed it.</summary>
    public bool OverLimit { get; init; }

    /// <summary>Bytes freed in all.</summary>
    public long BytesFreed => Removed.Sum(e => e.Bytes) + WorkBytesFreed;
}

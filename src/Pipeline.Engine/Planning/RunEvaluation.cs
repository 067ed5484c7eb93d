namespace Pipeline.Engine;

/// <summary>The decision for one run: its key if computable, whether it must execute, and why.</summary>
internal sealed record RunEvaluation
{
    public required StageRun Run { get; init; }

    /// <summary>Null when an upstream run has not produced its output yet (plans only) or an input is missing.</summary>
    public string? Key { get; init; }

    /// <summary>The lock record the key is the hash of (null with the key); it gets its output when the run completes.</summary>
    public LockedRun? Record { get; init; }

    public required bool WillRun { get; init; }

    public required IReadOnlyList<string> Reasons { get; init; }

    public EntryCheck? Check { get; init; }

    /// <summary>Data inputs by key path, with content hashes.</summary>
    public SortedDictionary<string, string> InputHashes { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Data inputs by key path, with their full paths on this machine.</summary>
    public SortedDictionary<string, string> InputPaths { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Set when the run cannot execute at all (a missing input).</summary>
    public string? Error { get; init; }
}

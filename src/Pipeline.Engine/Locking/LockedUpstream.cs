namespace Pipeline.Engine;

/// <summary>An upstream run as a lock file records it: its target, key and output content hash.</summary>
public sealed record LockedUpstream
{
    /// <summary>The upstream run's target (names it in plan reasons).</summary>
    public required string Target { get; init; }

    /// <summary>The upstream run's key.</summary>
    public required string Key { get; init; }

    /// <summary>The content hash of its output manifest: what entered this run's key.</summary>
    public required string Output { get; init; }
}

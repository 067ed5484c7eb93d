namespace Pipeline.Engine;

/// <summary>An upstream run as a lock record names it: its target (for plan reasons) and key (kept by <c>Gc</c>).</summary>
public sealed record LockedUpstream
{
    /// <summary>The upstream run's target (names it in plan reasons).</summary>
    public required string Target { get; init; }

    /// <summary>The upstream run's key.</summary>
    public required string Key { get; init; }
}

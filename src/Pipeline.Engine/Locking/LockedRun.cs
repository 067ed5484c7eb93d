namespace Pipeline.Engine;

/// <summary>
/// Everything that made one run's key in the last build that completed it, plus its output hash: the baseline
/// a plan compares with to say what changed.
/// </summary>
public sealed record LockedRun
{
    /// <summary>The run's target.</summary>
    public required string Target { get; init; }

    /// <summary>The run id.</summary>
    public required string RunId { get; init; }

    /// <summary>The stage kind.</summary>
    public required string Kind { get; init; }

    /// <summary>The key its output is stored under.</summary>
    public required string Key { get; init; }

    /// <summary>Flattened parameters (<c>optimizer.lr</c>) with their canonical JSON values.</summary>
    public SortedDictionary<string, string> Parameters { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Source file of each flattened parameter that has one.</summary>
    public SortedDictionary<string, string> ParameterSources { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Data inputs by path relative to the input root, with content hashes.</summary>
    public SortedDictionary<string, string> Inputs { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Upstream runs by run id.</summary>
    public SortedDictionary<string, LockedUpstream> Upstream { get; init; } = new(StringComparer.Ordinal);

    /// <summary>The code identity.</summary>
    public required string Code { get; init; }

    /// <summary>The content hash of its output manifest.</summary>
    public required string Output { get; init; }
}

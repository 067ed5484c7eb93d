namespace Pipeline.Engine;

/// <summary>One run of a recorded build: its key (the store entry it used or made) and what happened.</summary>
public sealed record BuildRecordRun
{
    /// <summary>The run id.</summary>
    public required string RunId { get; init; }

    /// <summary>Its target.</summary>
    public required string Target { get; init; }

    /// <summary><c>ran</c>, <c>cached</c>, <c>failed</c> or <c>skipped</c>.</summary>
    public required string Status { get; init; }

    /// <summary>The run key, when it was computed.</summary>
    public string? Key { get; init; }

    /// <summary>How long its stage process ran (runs that executed only).</summary>
    public double? DurationSeconds { get; init; }
}

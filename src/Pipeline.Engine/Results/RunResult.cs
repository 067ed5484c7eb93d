namespace Pipeline.Engine;

/// <summary>What happened to one stage run in a build.</summary>
public sealed record RunResult
{
    /// <summary>The run id.</summary>
    public required string RunId { get; init; }

    /// <summary>The run's target.</summary>
    public required string Target { get; init; }

    /// <summary>Final state.</summary>
    public required RunStatus Status { get; init; }

    /// <summary>The run's key, when it could be computed.</summary>
    public string? Key { get; init; }

    /// <summary>The committed (or cached) entry's manifest, for cached and ran runs.</summary>
    public OutputManifest? Manifest { get; init; }

    /// <summary>Time the stage process took (zero when cached or skipped).</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>When the stage process started, for runs that executed.</summary>
    public DateTimeOffset? Started { get; init; }

    /// <summary>Why it failed or was skipped.</summary>
    public string? Message { get; init; }

    /// <summary>The stage log, for runs that executed.</summary>
    public string? LogPath { get; init; }

    /// <summary>A cached run whose entry was pulled from the remote cache in this build.</summary>
    public bool Pulled { get; init; }

    /// <summary>The headline metric of its output, if any.</summary>
    public HeadlineMetric? Headline => Manifest?.Headline;
}

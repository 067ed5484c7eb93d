namespace Pipeline.Engine;

/// <summary>The outcome of a build: per target and per run results, failures, total duration.</summary>
public sealed record BuildResult
{
    /// <summary>True when no run failed or was skipped.</summary>
    public bool Succeeded => Runs.All(r => r.Status is RunStatus.Cached or RunStatus.Ran);

    /// <summary>The exit code a command line should return: 0 on success (every push included), 1 otherwise.</summary>
    public int ExitCode => Succeeded && RemoteFailures.Count == 0 ? 0 : 1;

    /// <summary>Pushes to the remote cache that failed; those entries are complete locally and pushed again next build.</summary>
    public IReadOnlyList<string> RemoteFailures { get; init; } = [];

    /// <summary>Targets of the requested closure in dependency order.</summary>
    public required IReadOnlyList<TargetResult> Targets { get; init; }

    /// <summary>Runs in execution order of the plan (upstream first).</summary>
    public required IReadOnlyList<RunResult> Runs { get; init; }

    /// <summary>Wall time of the whole build, including waiting for the lock.</summary>
    public required TimeSpan Duration { get; init; }

    /// <summary>Files whose contents were read for hashing (stat cache misses); zero for a warm no-op build.</summary>
    public long FilesHashed { get; init; }

    /// <summary>Messages of failed runs, in run order.</summary>
    public IReadOnlyList<string> Failures => Runs.Where(r => r.Status == RunStatus.Failed && r.Message is not null).Select(r => r.Message!).ToList();

    /// <summary>Ids of the runs whose stage process executed.</summary>
    public IReadOnlyList<string> Executed => Runs.Where(r => r.Started is not null).Select(r => r.RunId).ToList();
}

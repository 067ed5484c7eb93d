namespace Pipeline.Engine;

/// <summary>The plan for one run: whether a build would execute it, why, and its key when already computable.</summary>
public sealed record RunPlan(string RunId, string Target, bool WillRun, IReadOnlyList<string> Reasons, string? Key)
{
    /// <summary>Not cached locally, but the remote cache has a valid entry: a build pulls it instead of running.</summary>
    public bool FromRemote { get; init; }
}

namespace Pipeline.Engine;

/// <summary>
/// The plan for one target: it runs when any of its runs runs. Reasons are those of its runs; with several runs
/// they are prefixed by the run id unless every run runs for the same reasons.
/// </summary>
public sealed record TargetPlan(string Target, bool WillRun, IReadOnlyList<string> Reasons, IReadOnlyList<RunPlan> Runs)
{
    /// <summary><c>Target: cached</c>, <c>Target: cached (remote)</c> (something to pull) or <c>Target: run (reason, reason)</c>.</summary>
    public override string ToString() =>
        WillRun ? $"{Target}: run ({string.Join(", ", Reasons)})"
        : Runs.Any(r => r.FromRemote) ? $"{Target}: cached (remote)"
        : $"{Target}: cached";
}

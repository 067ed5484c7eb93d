namespace Pipeline.Engine;

/// <summary>One row of the summary: a target's combined state over its runs.</summary>
/// <param name="Target">Target name.</param>
/// <param name="Status">Failed if any run failed, else skipped if any was skipped, else ran if any ran, else cached.</param>
/// <param name="Duration">From the first run start to the last run end of the target (zero when nothing ran).</param>
/// <param name="Headline">Headline metrics of its runs ("name value"; prefixed by run id when there are several), or null.</param>
/// <param name="Runs">The target's run results.</param>
public sealed record TargetResult(string Target, RunStatus Status, TimeSpan Duration, string? Headline, IReadOnlyList<RunResult> Runs);

namespace Pipeline.Engine;

/// <summary>Per-target results of a build from its run results: status, wall time, headline metric.</summary>
internal static class TargetSummaries
{
    /// <summary>One result per target of <paramref name="closure"/>, in its order.</summary>
    public static List<TargetResult> Of(BuildGraph graph, IReadOnlyList<string> closure, IReadOnlyDictionary<string, RunState> states)
    {
        var results = new Dictionary<string, TargetResult>(StringComparer.Ordinal);
        foreach (var target in closure)
        {
            var runs = graph.RunsOf(target).Select(r => states[r.RunId].Result!).ToList();
            var result = Summarise(target, runs);
            // A grouping target did nothing itself, but it is not complete when something it groups is not.
            if (runs.Count == 0 && graph.GetTarget(target).DependsOn.Any(d => results[d].Status is RunStatus.Failed or RunStatus.Skipped))
            {
                result = result with { Status = RunStatus.Skipped };
            }

            results[target] = result;
        }

        return closure.Select(t => results[t]).ToList();
    }

    private static TargetResult Summarise(string target, IReadOnlyList<RunResult> runs)
    {
        var status = runs.Any(r => r.Status == RunStatus.Failed) ? RunStatus.Failed
            : runs.Any(r => r.Status == RunStatus.Skipped) ? RunStatus.Skipped
            : runs.Any(r => r.Status == RunStatus.Ran) ? RunStatus.Ran
            : RunStatus.Cached;
        var executed = runs.Where(r => r.Started is not null).ToList();
        var duration = executed.Count == 0
            ? TimeSpan.Zero
            : executed.Max(r => r.Started!.Value + r.Duration) - executed.Min(r => r.Started!.Value);
        var headlines = runs.Where(r => r.Headline is not null).ToList();
        var headline = headlines.Count == 0 ? null
            : runs.Count == 1 ? headlines[0].Headline!.ToString()
            : string.Join("; ", headlines.Select(r => $"{r.RunId}: {r.Headline}"));
        return new TargetResult(target, status, duration, headline, runs);
    }
}

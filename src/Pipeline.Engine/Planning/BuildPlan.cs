using System.Text;

namespace Pipeline.Engine;

/// <summary>What a build of the same request would do, target by target, in dependency order. Computing it executes nothing.</summary>
public sealed record BuildPlan(IReadOnlyList<TargetPlan> Targets, long FilesHashed)
{
    /// <summary>One line per target, each ending in '\n'.</summary>
    public string Render() => Render(estimates: false);

    /// <summary>
    /// One line per target, each ending in '\n'; with <paramref name="estimates"/>, under a target that runs, one
    /// indented line per run that will execute with its estimated duration (<c>  TrainResnet: estimated 0:33</c>, or
    /// <c>estimated unknown</c>).
    /// </summary>
    public string Render(bool estimates)
    {
        var text = new StringBuilder();
        foreach (var target in Targets)
        {
            text.Append(target).Append('\n');
            foreach (var run in target.Runs.Where(r => estimates && r.WillRun))
            {
                text.Append("  ").Append(run.RunId).Append(": estimated ").Append(DurationEstimate.Format(run.Estimate)).Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>The plan of a target by name.</summary>
    public TargetPlan this[string target] => Targets.Single(t => t.Target == target);

    internal static TargetPlan Aggregate(string target, IReadOnlyList<RunPlan> runs)
    {
        var running = runs.Where(r => r.WillRun).ToList();
        if (running.Count == 0)
        {
            return new TargetPlan(target, false, [], runs);
        }

        var sameForAll = running.Count == runs.Count && running.All(r => r.Reasons.SequenceEqual(running[0].Reasons));
        var reasons = runs.Count == 1 || sameForAll
            ? running[0].Reasons
            : running.SelectMany(r => r.Reasons.Select(reason => $"{r.RunId}: {reason}")).ToList();
        return new TargetPlan(target, true, reasons, runs);
    }
}

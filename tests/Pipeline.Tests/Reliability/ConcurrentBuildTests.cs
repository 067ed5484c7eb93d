using Xunit;

namespace Pipeline.Tests.Reliability;

/// <summary>Two real builds started together on one artifacts folder.</summary>
[Collection(ReliabilityCollection.Name)]
public sealed class ConcurrentBuildTests
{
    [Fact]
    public void Two_builds_started_together_both_succeed_one_waits_and_the_store_stays_consistent()
    {
        using var experiment = new FaultExperiment();

        using var first = experiment.Start("TrainInception");
        using var second = experiment.Start("TrainInception");
        var runs = new[] { (Build: first, Run: first.Finish()), (Build: second, Run: second.Finish()) };

        Assert.All(runs, r => Assert.True(r.Run.ExitCode == 0, r.Run.All));
        var waited = Assert.Single(runs, r => r.Run.Output.Contains("waiting for another build", StringComparison.Ordinal));
        var other = runs.Single(r => r.Build != waited.Build);
        Assert.Contains($"waiting for another build (pid {other.Build.Pid}) to finish...", waited.Run.Output, StringComparison.Ordinal);
        // The waiting build found every run committed by the other: it started none.
        Assert.DoesNotContain(": started", waited.Run.Output, StringComparison.Ordinal);
        Assert.Contains("TrainInception: started", other.Run.Output, StringComparison.Ordinal);
        Assert.Equal(SummaryRows(other.Run.Output).Select(r => r.Replace("ran", "cached", StringComparison.Ordinal)), SummaryRows(waited.Run.Output));
        Assert.Equal(["Preprocess", "Preprocess/synthesize", "TrainInception"], experiment.AssertStoreConsistent().Order(StringComparer.Ordinal));
        experiment.AssertPublishedLinksAreCommitted();
    }

    /// <summary>The summary table's target rows without the duration column: target, status, headline.</summary>
    private static IEnumerable<string> SummaryRows(string output) =>
        output.Split('\n')
            .Where(l => l.StartsWith("Preprocess ", StringComparison.Ordinal) || l.StartsWith("TrainInception ", StringComparison.Ordinal))
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(p => $"{p[0]} {p[1]} {string.Join(' ', p.Skip(3))}");
}

using Xunit;

namespace Pipeline.Tests.EndToEnd;

/// <summary>
/// What reruns after a change, observed through the real entry: the "X: started" lines (a stage process was
/// launched), the summary table and the store's committed entries. Never by timing.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class CacheTests(TinyBuildFixture fixture)
{
    private static readonly string[] AllTargets = ["Ensemble", "Preprocess", "Preview", "Pseudolabel", "Report", "TrainInception", "TrainResnet", "Tta"];

    [Fact]
    public void Second_build_is_all_cached_and_executes_nothing()
    {
        var tiny = fixture.RequireBuilt();
        var first = fixture.RequireLock();
        var entries = ArtifactsCopy.StoreEntries(tiny.Artifacts);
        Assert.Equal(first.Runs.Count, entries.Count);

        var build = tiny.Build("Ensemble");

        Assert.True(build.ExitCode == 0, BuildLog.Describe(build));
        Assert.Empty(BuildLog.Started(build));
        var summary = BuildLog.Summary(build);
        Assert.Equal(AllTargets, summary.Keys);
        Assert.All(summary, s => Assert.Equal("cached", s.Value));
        Assert.Equal(entries, ArtifactsCopy.StoreEntries(tiny.Artifacts));
        Assert.Empty(Directory.EnumerateFileSystemEntries(tiny.ArtifactPath("cache", "tmp")));
        var second = LockFile.Read(tiny);
        Assert.Equal(first.Runs.Keys, second.Runs.Keys);
        Assert.All(first.Runs.Values, run =>
        {
            Assert.Equal(run.Key, second[run.RunId].Key);
            Assert.Equal(run.Output, second[run.RunId].Output);
        });
    }

    /// <summary>Issue 5: editing ensemble.yaml reruns only Ensemble and the report.</summary>
    [Fact]
    public void Editing_ensemble_yaml_reruns_only_Ensemble_and_Report()
    {
        using var tiny = fixture.Fork();
        var before = LockFile.Read(tiny);

        tiny.Edit("ensemble.yaml", "method: vote", "method: mean");
        var plan = tiny.Build("Ensemble", "--plan");
        var build = tiny.Build("Ensemble");

        Assert.True(plan.ExitCode == 0, BuildLog.Describe(plan));
        Assert.True(build.ExitCode == 0, BuildLog.Describe(build));
        Assert.Equal(["Ensemble", "Report"], BuildLog.PlannedToRun(plan));
        Assert.Equal(["Ensemble", "Report"], BuildLog.Started(build));
        Assert.Equal(["Ensemble", "Report"], BuildLog.Ran(build));
        var after = LockFile.Read(tiny);
        Assert.Equal("\"mean\"", after["Ensemble"].Parameters["method"]);
        Assert.All(before.Runs.Values.Where(r => r.Target is not ("Ensemble" or "Report")), run => Assert.Equal(run.Key, after[run.RunId].Key));
    }

    /// <summary>
    /// A comment, and a key no stage reads (the competition folder while the source is synthetic), change
    /// nothing a run depends on: nothing reruns, nothing new is committed.
    /// </summary>
    [Fact]
    public void Editing_keys_no_stage_reads_reruns_nothing()
    {
        using var tiny = fixture.Fork();
        var entries = ArtifactsCopy.StoreEntries(tiny.Artifacts);
        var before = LockFile.Read(tiny);

        tiny.Edit("data.yaml", "source: synthetic\n", "# the tests never read a competition folder\nsource: synthetic\ncompetition:\n  root: /nowhere/competition\n");
        tiny.Edit("resnet.yaml", "model:\n", "# a comment only\nmodel:\n");
        var plan = tiny.Build("Ensemble", "--plan");
        var build = tiny.Build("Ensemble");

        Assert.True(plan.ExitCode == 0, BuildLog.Describe(plan));
        Assert.True(build.ExitCode == 0, BuildLog.Describe(build));
        Assert.All(BuildLog.Plan(plan), p => Assert.Equal("cached", p.Value));
        Assert.Empty(BuildLog.Started(build));
        Assert.All(BuildLog.Summary(build), s => Assert.Equal("cached", s.Value));
        Assert.Equal(entries, ArtifactsCopy.StoreEntries(tiny.Artifacts));
        var after = LockFile.Read(tiny);
        Assert.All(before.Runs.Values, run => Assert.Equal(run.Key, after[run.RunId].Key));
    }
}

using Pipeline.Tests.Support;
using Snapshooter;
using Snapshooter.Xunit;
using Xunit;

namespace Pipeline.Tests.EndToEnd;

/// <summary><c>--plan</c> through the real entry: fresh, fully cached, and after editing one YAML parameter.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class BuildPlanTests(TinyBuildFixture fixture)
{
    [Fact]
    public void Fresh_plan_runs_every_target_for_want_of_a_cache_entry_and_executes_nothing()
    {
        using var tiny = new TinyExperiment();

        var plan = tiny.Build("Ensemble", "--plan");

        Assert.True(plan.ExitCode == 0, BuildLog.Describe(plan));
        Assert.Equal(
            ["Preprocess", "TrainInception", "TrainResnet", "Pseudolabel", "Tta", "Ensemble", "Preview", "Report"],
            BuildLog.Plan(plan).Select(p => p.Key));
        Assert.All(BuildLog.Plan(plan), p => Assert.Equal("run (no cache entry)", p.Value));
        Assert.Empty(BuildLog.Started(plan));
        Assert.Empty(ArtifactsCopy.StoreEntries(tiny.Artifacts));
        Assert.False(File.Exists(tiny.ArtifactPath("pipeline.lock.json")), "a plan wrote the lock file");
        Assert.False(File.Exists(tiny.ArtifactPath("submission.csv")), "a plan published a submission");
        Scrub.Lines(plan.Output, tiny).MatchSnapshot();
    }

    [Fact]
    public void Plan_after_a_full_build_is_all_cached()
    {
        var tiny = fixture.RequireBuilt();
        var entries = ArtifactsCopy.StoreEntries(tiny.Artifacts);

        var plan = tiny.Build("Ensemble", "--plan");

        Assert.True(plan.ExitCode == 0, BuildLog.Describe(plan));
        Assert.Equal(8, BuildLog.Plan(plan).Count);
        Assert.All(BuildLog.Plan(plan), p => Assert.Equal("cached", p.Value));
        Assert.Empty(BuildLog.Started(plan));
        Assert.Equal(entries, ArtifactsCopy.StoreEntries(tiny.Artifacts));
        Scrub.Lines(plan.Output, tiny).MatchSnapshot();
    }

    /// <summary>
    /// Issue 4: editing resnet.yaml reruns TrainResnet and what depends on it, never TrainInception (nor the
    /// Inception model's TTA). The plan names the edit and is honest: it lists exactly the targets that then run.
    /// </summary>
    [Fact]
    public void Editing_resnet_yaml_reruns_TrainResnet_and_its_dependents_but_not_TrainInception()
    {
        using var tiny = fixture.Fork();
        var before = LockFile.Read(tiny);

        tiny.Edit("resnet.yaml", "lr: 0.01,", "lr: 0.02,");
        var plan = tiny.Build("Ensemble", "--plan");
        Assert.True(plan.ExitCode == 0, BuildLog.Describe(plan));
        Scrub.Lines(plan.Output, tiny).MatchSnapshot(SnapshotNameExtension.Create("plan"));

        var build = tiny.Build("Ensemble");

        Assert.True(build.ExitCode == 0, BuildLog.Describe(build));
        Assert.Equal(["Ensemble", "Pseudolabel", "Report", "TrainResnet", "Tta/resnet", "Tta/student"], BuildLog.Started(build));
        Assert.Equal(BuildLog.PlannedToRun(plan), BuildLog.Ran(build));
        Assert.Equal("cached", BuildLog.Summary(build)["TrainInception"]);
        var after = LockFile.Read(tiny);
        foreach (var untouched in new[] { "Preprocess/synthesize", "Preprocess", "TrainInception", "Tta/inception", "Preview" })
        {
            Assert.Equal(before[untouched].Key, after[untouched].Key);
            Assert.Equal(before[untouched].Output, after[untouched].Output);
        }

        Assert.NotEqual(before["TrainResnet"].Key, after["TrainResnet"].Key);
        Assert.Equal("0.02", after["TrainResnet"].Parameters["training.phases[1].optimizer.lr"]);
    }
}

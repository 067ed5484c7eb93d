using Pipeline.Tests.Support;
using Xunit;

namespace Pipeline.Tests.EndToEnd;

/// <summary>
/// Issue 16 part 2: <c>--set</c> through the real entry. An override shows in the plan's reasons and the lock file, and
/// the result built with it is cached under its own key, because the key covers the resolved parameters.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class OverrideTests(TinyBuildFixture fixture)
{
    private const string LearningRate = "training.phases[1].optimizer.lr";

    [Fact]
    public void A_set_value_is_a_plan_reason_gets_its_own_cache_entry_and_leaves_the_original_cached()
    {
        using var tiny = fixture.Fork();
        var original = LockFile.Read(tiny)["TrainResnet"];
        string[] set = ["--set", $"resnet.yaml:{LearningRate}=0.02"];

        var plan = tiny.Build(["TrainResnet", "--plan", .. set]);
        Assert.True(plan.ExitCode == 0, BuildLog.Describe(plan));
        Assert.Equal("cached", BuildLog.Plan(plan).Single(p => p.Key == "Preprocess").Value);
        Assert.Equal($"run (--set: {LearningRate} 0.01 -> 0.02)", BuildLog.Plan(plan).Single(p => p.Key == "TrainResnet").Value);

        var withSet = tiny.Build(["TrainResnet", .. set]);
        Assert.True(withSet.ExitCode == 0, BuildLog.Describe(withSet));
        Assert.Equal(["TrainResnet"], BuildLog.Started(withSet));
        var overridden = LockFile.Read(tiny)["TrainResnet"];
        Assert.NotEqual(original.Key, overridden.Key);
        Assert.Equal("0.02", overridden.Parameters[LearningRate]);
        Assert.Equal("--set", overridden.ParameterSources[LearningRate]);
        Assert.EndsWith("resnet.yaml", overridden.ParameterSources["training.phases[0].optimizer.lr"], StringComparison.Ordinal);

        // Without the override the original entry is still there; with it again, its own entry is.
        var without = tiny.Build("TrainResnet");
        Assert.True(without.ExitCode == 0, BuildLog.Describe(without));
        Assert.Empty(BuildLog.Started(without));
        Assert.Equal(original.Key, LockFile.Read(tiny)["TrainResnet"].Key);

        var again = tiny.Build(["TrainResnet", .. set]);
        Assert.True(again.ExitCode == 0, BuildLog.Describe(again));
        Assert.Empty(BuildLog.Started(again));
        Assert.Equal(overridden.Key, LockFile.Read(tiny)["TrainResnet"].Key);

        // The key covers the value, not where it was written: the same value in the file finds the same entry.
        tiny.Edit("resnet.yaml", "lr: 0.01,", "lr: 0.02,");
        var edited = tiny.Build("TrainResnet");
        Assert.True(edited.ExitCode == 0, BuildLog.Describe(edited));
        Assert.Empty(BuildLog.Started(edited));
        var fromFile = LockFile.Read(tiny)["TrainResnet"];
        Assert.Equal(overridden.Key, fromFile.Key);
        Assert.EndsWith("resnet.yaml", fromFile.ParameterSources[LearningRate], StringComparison.Ordinal);
    }

    [Fact]
    public void A_set_key_that_does_not_exist_exits_2_with_a_close_match_and_runs_nothing()
    {
        using var tiny = new TinyExperiment();
        const string argument = "resnet.yaml:training.phases[1].optimizer.lrr=0.02";

        var run = tiny.Build("Ensemble", "--set", argument);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"error: --set '{argument}':1:42: unknown key 'lrr' in 'training.phases[1].optimizer'; did you mean 'lr'?", run.Error, StringComparison.Ordinal);
        Assert.Empty(BuildLog.Started(run));
        Assert.Empty(ArtifactsCopy.StoreEntries(tiny.Artifacts));
    }

    [Fact]
    public void A_set_value_of_the_wrong_type_or_file_exits_2_naming_each_problem()
    {
        using var tiny = new TinyExperiment();

        var run = tiny.Build("Ensemble", "--set", "resnet.yaml:training.seed=one", "--set", "resnt.yaml:training.seed=2", "--set", "tta.yaml:copies=[1, 2]");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("error: --set 'resnet.yaml:training.seed=one':1:27: expected an integer for 'training.seed', got 'one'", run.Error, StringComparison.Ordinal);
        Assert.Contains("error: --set 'resnt.yaml:training.seed=2':1:1: unknown experiment file 'resnt.yaml'; did you mean 'resnet.yaml'?", run.Error, StringComparison.Ordinal);
        Assert.Contains("error: --set 'tta.yaml:copies=[1, 2]':1:17: expected an integer for 'copies', got a list", run.Error, StringComparison.Ordinal);
        Assert.Empty(BuildLog.Started(run));
    }

    [Fact]
    public void An_overrides_file_is_named_as_the_source_in_the_plan()
    {
        using var tiny = fixture.Fork();
        var path = Path.Combine(tiny.Root, "try.yaml");
        File.WriteAllText(path, "resnet.yaml:\n  training:\n    seed: 5\n");

        var plan = tiny.Build("TrainResnet", "--plan", "--overrides", path);

        Assert.True(plan.ExitCode == 0, BuildLog.Describe(plan));
        Assert.Equal($"run (--overrides {path}: training.seed 1 -> 5)", BuildLog.Plan(plan).Single(p => p.Key == "TrainResnet").Value);
        Assert.Empty(BuildLog.Started(plan));
    }

    [Fact]
    public void An_override_or_a_filter_that_no_requested_target_reads_is_an_error_not_ignored()
    {
        using var tiny = new TinyExperiment();

        var compare = tiny.Build("Compare", "--set", "resnet.yaml:training.seed=2");
        var filter = tiny.Build("Preprocess", "--filter", "FullyQualifiedName~Plan");

        Assert.Equal(2, compare.ExitCode);
        Assert.Contains("error: --set and --overrides change the experiment of stage targets, and none is requested (Compare)", compare.Error, StringComparison.Ordinal);
        Assert.Equal(2, filter.ExitCode);
        Assert.Contains("error: --filter selects tests of the Test target, which is not requested", filter.Error, StringComparison.Ordinal);
        Assert.Empty(BuildLog.Started(filter));
    }
}

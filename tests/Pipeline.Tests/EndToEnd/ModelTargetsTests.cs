using Pipeline.Tests.Support;
using Xunit;

namespace Pipeline.Tests.EndToEnd;

/// <summary>Targets and <c>--plan</c> follow the experiment's models list, through the real entry; nothing is built.</summary>
public sealed class ModelTargetsTests
{
    [Fact]
    public void Hackerearth_has_a_target_per_trained_model_and_no_pseudolabel_target()
    {
        using var artifacts = new TinyExperiment();

        var plan = BuildProcess.Run(["Ensemble", "--plan", "--experiment", "experiments/hackerearth", "--artifacts", artifacts.Artifacts]);
        var help = BuildProcess.Run(["--help", "--experiment", "experiments/hackerearth"]);
        var one = BuildProcess.Run(["TrainInception2", "--plan", "--experiment", "experiments/hackerearth", "--artifacts", artifacts.Artifacts]);

        Assert.True(plan.ExitCode == 0, BuildLog.Describe(plan));
        Assert.Equal(["Preprocess", "TrainInception", "TrainResnet", "TrainInception2", "Tta", "Ensemble", "Preview", "Report"], BuildLog.Plan(plan).Select(p => p.Key));
        Assert.Matches(@"\n  TrainInception2 +Train model 'inception2' through its phases \(inception2\.yaml\) \[Preprocess\]\n", help.Output);
        // Without a student, Tta depends on what Pseudolabel would have depended on.
        Assert.Matches(@"\n  Tta +Test-time augmented predictions, one run per model \(tta\.yaml\) \[TrainInception, TrainResnet, TrainInception2\]\n", help.Output);
        Assert.DoesNotContain("Pseudolabel", help.Output, StringComparison.Ordinal);
        Assert.True(one.ExitCode == 0, BuildLog.Describe(one));
        Assert.Equal(["Preprocess", "TrainInception2"], BuildLog.Plan(one).Select(p => p.Key));
    }

    [Fact]
    public void An_override_of_the_models_list_changes_the_targets_and_an_unknown_model_target_is_refused()
    {
        using var tiny = new TinyExperiment();
        File.Delete(Path.Combine(tiny.Directory, "pseudolabel.yaml"));
        File.Copy(Path.Combine(tiny.Directory, "inception.yaml"), Path.Combine(tiny.Directory, "inception_b.yaml"));

        var plan = tiny.Build(
            "TrainInceptionB", "Ensemble", "--plan",
            "--set", "pipeline.yaml:models=[{name: resnet, file: resnet.yaml}, {name: inception_b, file: inception_b.yaml}, {name: inception, file: inception.yaml}]");
        var unknown = tiny.Build("TrainInception2", "--plan",
            "--set", "pipeline.yaml:models=[{name: resnet, file: resnet.yaml}, {name: inception_b, file: inception_b.yaml}, {name: inception, file: inception.yaml}]");

        Assert.True(plan.ExitCode == 0, BuildLog.Describe(plan));
        // In the list's order: targets follow pipeline.yaml's models.
        Assert.Equal(["Preprocess", "TrainResnet", "TrainInceptionB", "TrainInception", "Tta", "Ensemble", "Preview", "Report"], BuildLog.Plan(plan).Select(p => p.Key));
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("unknown target 'TrainInception2'; did you mean", unknown.Error, StringComparison.Ordinal);
    }
}

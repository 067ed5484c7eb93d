using Pipeline.Cli;
using Xunit;

namespace Pipeline.Tests.Cli;

/// <summary>Template targets (one per trained model, or none) resolved to what an experiment declares.</summary>
public sealed class TargetExpansionTests
{
    private static TargetInfo Target(string name, bool instances = false, params string[] dependsOn) =>
        new(name, $"{name} does its work", dependsOn, [], IsStage: true, Action: null) { HasInstances = instances };

    // The build's shape: Train and Pseudolabel are templates, Tta depends on Pseudolabel.
    private static readonly IReadOnlyList<TargetInfo> Declared =
    [
        Target("Preprocess"),
        Target("Train", true, "Preprocess"),
        Target("Pseudolabel", true, "Train"),
        Target("Tta", false, "Pseudolabel"),
        Target("Report", false, "Tta", "Train"),
    ];

    [Fact]
    public void Each_instance_replaces_its_template_in_place_and_dependencies_follow()
    {
        var expanded = TargetExpansion.Expand(Declared, new Dictionary<string, IReadOnlyList<TargetInstance>>
        {
            ["Train"] = [new("TrainInception", "inception"), new("TrainResnet", "resnet"), new("TrainInception2", "inception2")],
            ["Pseudolabel"] = [new("Pseudolabel", "the student")],
        });

        Assert.Equal(["Preprocess", "TrainInception", "TrainResnet", "TrainInception2", "Pseudolabel", "Tta", "Report"], expanded.Select(t => t.Name));
        Assert.Equal(["Preprocess"], expanded.Single(t => t.Name == "TrainInception2").DependsOn);
        Assert.Equal("inception2", expanded.Single(t => t.Name == "TrainInception2").Description);
        Assert.Equal(["TrainInception", "TrainResnet", "TrainInception2"], expanded.Single(t => t.Name == "Pseudolabel").DependsOn);
        Assert.Equal(["Pseudolabel"], expanded.Single(t => t.Name == "Tta").DependsOn);
        Assert.Equal(["Tta", "TrainInception", "TrainResnet", "TrainInception2"], expanded.Single(t => t.Name == "Report").DependsOn);
        Assert.All(expanded, t => Assert.False(t.HasInstances));
    }

    [Fact]
    public void A_template_without_instances_disappears_and_its_dependents_depend_on_what_it_depended_on()
    {
        var expanded = TargetExpansion.Expand(Declared, new Dictionary<string, IReadOnlyList<TargetInstance>>
        {
            ["Train"] = [new("TrainResnet", "resnet")],
            ["Pseudolabel"] = [],
        });

        Assert.Equal(["Preprocess", "TrainResnet", "Tta", "Report"], expanded.Select(t => t.Name));
        Assert.Equal(["TrainResnet"], expanded.Single(t => t.Name == "Tta").DependsOn);
        Assert.Equal(["Tta", "TrainResnet"], expanded.Single(t => t.Name == "Report").DependsOn);
    }

    [Fact]
    public void Without_an_experiment_the_templates_stay_and_two_instances_of_one_name_are_an_error()
    {
        Assert.Equal(Declared.Select(t => t.Name), TargetExpansion.Expand(Declared, new Dictionary<string, IReadOnlyList<TargetInstance>>()).Select(t => t.Name));

        var error = Assert.Throws<InvalidOperationException>(() => TargetExpansion.Expand(Declared, new Dictionary<string, IReadOnlyList<TargetInstance>>
        {
            ["Train"] = [new("Preprocess", "a model named preprocess")],
        }));
        Assert.Contains("two targets are named 'Preprocess'", error.Message, StringComparison.Ordinal);
    }
}

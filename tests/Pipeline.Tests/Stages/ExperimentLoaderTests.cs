using Pipeline.Config;
using Pipeline.Stages.Experiments;
using Pipeline.Tests.Support;
using Xunit;

namespace Pipeline.Tests.Stages;

/// <summary>Rules that span an experiment's files, checked in process before any stage could run.</summary>
public sealed class ExperimentLoaderTests
{
    [Fact]
    public void The_tiny_experiment_loads_and_the_shipped_experiments_load()
    {
        using var tiny = new TinyExperiment();
        Assert.Equal("tiny", ExperimentLoader.Load(tiny.Directory, BuildProcess.RepositoryRoot).Pipeline.Name);
        Assert.Equal("default", ExperimentLoader.Load("experiments", BuildProcess.RepositoryRoot).Pipeline.Name);
        Assert.Equal("hackerearth", ExperimentLoader.Load("experiments/hackerearth", BuildProcess.RepositoryRoot).Pipeline.Name);
    }

    [Fact]
    public void A_missing_fashion_mnist_folder_says_how_to_get_the_data()
    {
        using var experiment = new TinyExperiment();
        File.WriteAllText(
            Path.Combine(experiment.Directory, "data.yaml"),
            "source: fashion_mnist\nfashion_mnist:\n  path: /nonexistent/fashion\nimage_size: 32\n");

        var error = Assert.Throws<ConfigException>(() => ExperimentLoader.Load(experiment.Directory, BuildProcess.RepositoryRoot));
        var problem = Assert.Single(error.Errors);
        Assert.Equal(3, problem.Line);
        Assert.Contains("apt-get install dataset-fashion-mnist", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_preset_in_a_phase_is_reported_at_its_key_with_a_suggestion()
    {
        using var experiment = new TinyExperiment();
        experiment.Edit("inception.yaml", "augment: none", "augment: affine_cp66");

        var error = Assert.Throws<ConfigException>(() => ExperimentLoader.Load(experiment.Directory, BuildProcess.RepositoryRoot));
        var problem = Assert.Single(error.Errors);
        Assert.EndsWith("inception.yaml", problem.File, StringComparison.Ordinal);
        Assert.Equal("unknown augmentation preset 'affine_cp66'; did you mean 'affine_cp6'?", problem.Message);
    }

    [Fact]
    public void A_stray_yaml_file_is_reported_with_the_file_it_probably_meant()
    {
        using var experiment = new TinyExperiment();
        File.WriteAllText(Path.Combine(experiment.Directory, "resnt.yaml"), "model: {}\n");

        var error = Assert.Throws<ConfigException>(() => ExperimentLoader.Load(experiment.Directory, BuildProcess.RepositoryRoot));
        Assert.Contains(error.Errors, e => e.Message == "unknown experiment file 'resnt.yaml'; did you mean 'resnet.yaml'?");
    }

    [Fact]
    public void A_set_points_the_competition_experiment_at_another_data_folder_and_the_graph_reads_it_there()
    {
        var overrides = ConfigOverrides.Read([], ["data.yaml:competition.root=/data/he"]);

        var experiment = ExperimentLoader.Load("experiments/hackerearth", BuildProcess.RepositoryRoot, overrides);
        // The build's stage targets as build/Build.cs declares them, expanded by the experiment's models.
        (string Name, string[] DependsOn, bool Instances)[] stages =
        [
            ("Preprocess", [], false), ("Train", ["Preprocess"], true), ("Pseudolabel", ["Train"], true),
            ("Tta", ["Pseudolabel"], false), ("Ensemble", ["Tta"], false), ("Preview", ["Preprocess"], false), ("Report", ["Ensemble", "Preview"], false),
        ];
        var declared = stages.Select(t => new Pipeline.Cli.TargetInfo(t.Name, "", t.DependsOn, [], true, null) { HasInstances = t.Instances }).ToList();
        var targets = Pipeline.Cli.TargetExpansion.Expand(declared, new Dictionary<string, IReadOnlyList<Pipeline.Cli.TargetInstance>>
        {
            ["Train"] = Pipeline.Stages.Graph.PipelineGraph.TrainTargets(experiment.Pipeline.Models),
            ["Pseudolabel"] = Pipeline.Stages.Graph.PipelineGraph.PseudolabelTargets(experiment.Pipeline.Models),
        });
        var graph = Pipeline.Stages.Graph.PipelineGraph.Create(experiment, targets, 2, "cpu");

        Assert.Equal("/data/he", experiment.Data.Competition.Root);
        Assert.Equal(["/data/he"], graph.GetRun(Pipeline.Stages.Graph.PipelineGraph.PreprocessRun).Inputs);
    }

    [Fact]
    public void An_override_of_an_optional_file_that_is_absent_applies_to_its_defaults()
    {
        using var experiment = new TinyExperiment();
        File.Delete(Path.Combine(experiment.Directory, "pipeline.yaml"));

        var loaded = ExperimentLoader.Load(experiment.Directory, BuildProcess.RepositoryRoot, ConfigOverrides.Read([], ["pipeline.yaml:name=tried"]));

        Assert.Equal("tried", loaded.Pipeline.Name);
    }
}

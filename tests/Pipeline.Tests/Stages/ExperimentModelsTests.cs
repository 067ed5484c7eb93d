using System.Text.Json.Nodes;
using Pipeline.Config;
using Pipeline.Ensembling.Members;
using Pipeline.Ensembling.Predictions;
using Pipeline.Stages.Experiments;
using Pipeline.Stages.Graph;
using Pipeline.Tests.Support;
using Xunit;

namespace Pipeline.Tests.Stages;

/// <summary>The models an experiment lists in pipeline.yaml: what each gets, and what a wrong list is told.</summary>
public sealed class ExperimentModelsTests
{
    private const string ThreeModels = "models:\n  - {name: inception, file: inception.yaml, role: train}\n  - {name: resnet, file: resnet.yaml, role: train}\n";

    [Fact]
    public void An_experiment_without_a_list_has_the_two_trained_models_and_the_student()
    {
        using var tiny = new TinyExperiment();

        var experiment = ExperimentLoader.Load(tiny.Directory, BuildProcess.RepositoryRoot);

        Assert.Equal(["inception", "resnet"], experiment.Trained.Select(m => m.Name));
        Assert.Equal(["TrainInception", "TrainResnet"], experiment.Trained.Select(m => m.Target));
        Assert.Equal("student", experiment.Student?.Name);
        Assert.Equal(["inception", "resnet", "student"], PipelineGraph.Models(experiment).Select(m => m.Name));
        Assert.Equal(["TrainInception", "TrainResnet", "Pseudolabel"], PipelineGraph.Models(experiment).Select(m => m.TrainRun));
    }

    [Fact]
    public void A_second_inception_is_one_more_entry_and_a_list_without_student_has_no_pseudolabel_step()
    {
        using var tiny = new TinyExperiment();
        File.Delete(Path.Combine(tiny.Directory, "pseudolabel.yaml"));
        File.Copy(Path.Combine(tiny.Directory, "inception.yaml"), Path.Combine(tiny.Directory, "inception2.yaml"));
        File.AppendAllText(Path.Combine(tiny.Directory, "pipeline.yaml"), ThreeModels + "  - {name: inception2, file: inception2.yaml, role: train}\n");

        var experiment = ExperimentLoader.Load(tiny.Directory, BuildProcess.RepositoryRoot);

        Assert.Equal(["TrainInception", "TrainResnet", "TrainInception2"], experiment.Trained.Select(m => m.Target));
        Assert.Null(experiment.Student);
        Assert.Empty(PipelineGraph.PseudolabelTargets(experiment.Pipeline.Models));
        Assert.Equal(["TrainInception", "TrainResnet", "TrainInception2"], PipelineGraph.TrainTargets(experiment.Pipeline.Models).Select(t => t.Name));
        Assert.Equal(["inception", "resnet", "inception2"], PipelineGraph.Models(experiment).Select(m => m.Name));
    }

    [Fact]
    public void Wrong_lists_are_reported_at_their_place()
    {
        using var tiny = new TinyExperiment();
        File.AppendAllText(Path.Combine(tiny.Directory, "pipeline.yaml"),
            "models:\n  - {name: resnet, file: resnet.yaml, role: train}\n  - {name: resnet, file: inception.yaml, role: train}\n  - {name: Big, file: big.yaml, role: teacher}\n");

        var error = Assert.Throws<ConfigException>(() => ExperimentLoader.Load(tiny.Directory, BuildProcess.RepositoryRoot));

        Assert.Contains(error.Errors, e => e.Message.Contains("'models[2].role' must be one of 'train', 'student', got 'teacher'", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.Message.Contains("lower-case letters, digits and '_'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_model_file_the_list_does_not_name_is_a_stray_file_and_a_named_one_must_exist()
    {
        using var tiny = new TinyExperiment();
        File.AppendAllText(Path.Combine(tiny.Directory, "pipeline.yaml"), ThreeModels + "  - {name: inception2, file: inception2.yaml, role: train}\n");

        var error = Assert.Throws<ConfigException>(() => ExperimentLoader.Load(tiny.Directory, BuildProcess.RepositoryRoot));

        Assert.Contains(error.Errors, e => e.File.EndsWith("pseudolabel.yaml", StringComparison.Ordinal) && e.Message.Contains("listed under models: in pipeline.yaml", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.Message.StartsWith("missing experiment file inception2.yaml", StringComparison.Ordinal));
    }

    [Fact]
    public void A_teacher_must_be_a_trained_model_and_greedy_needs_a_validation_split()
    {
        using var tiny = new TinyExperiment();
        tiny.Edit("pseudolabel.yaml", "models: [inception, resnet]", "models: [inception, student]");
        tiny.Edit("data.yaml", "fraction: 0.25", "fraction: 0");
        tiny.Edit("ensemble.yaml", "method: vote", "method: greedy");

        var error = Assert.Throws<ConfigException>(() => ExperimentLoader.Load(tiny.Directory, BuildProcess.RepositoryRoot));

        Assert.Contains(error.Errors, e => e.Message == "unknown teacher model 'student'; the trained models are 'inception' and 'resnet'");
        Assert.Contains(error.Errors, e => e.File.EndsWith("ensemble.yaml", StringComparison.Ordinal) && e.Line == 1 && e.Message.StartsWith("method greedy chooses weights on the validation split", StringComparison.Ordinal));
    }

    /// <summary>
    /// hackerearth: the second Inception run is one more model, the vote has the original's 29 members, and TTA covers
    /// exactly what they use (tta.yaml checkpoints: ensemble), so its planned prediction sets expand to the 29 members.
    /// </summary>
    [Fact]
    public void Hackerearth_trains_three_models_and_its_TTA_plan_covers_exactly_the_29_members()
    {
        var experiment = ExperimentLoader.Load("experiments/hackerearth", BuildProcess.RepositoryRoot);

        Assert.Equal(["inception", "resnet", "inception2"], experiment.Trained.Select(m => m.Name));
        Assert.Null(experiment.Student);
        var models = PipelineGraph.Models(experiment);
        Assert.Equal(["cp11_e295", "cp12_e335", "cp13_e365", "cp14_e395", "cp15_e425", "cp16_e455", "cp17_e485", "cp18_e515", "cp19_e545"], models[0].Tta.Names);
        Assert.Equal([-1, 0, 1], models[0].Tta.VersionsOf("cp16_e455"));
        Assert.Equal([-1, 0, 1, 2], models[0].Tta.VersionsOf("cp17_e485"));
        Assert.Equal(["ths8_e225", "ths9_e255"], models[1].Tta.Names);
        Assert.Equal(["cp4_e75", "cp5_e135"], models[2].Tta.Names);

        var planned = models
            .SelectMany(m => m.Tta.Names.SelectMany(c => m.Tta.VersionsOf(c).Select(v => new PredictionSet(m.Name, c, v, "test", ["a"], ["x", "y"], [0.5f, 0.5f], [-1]))))
            .ToList();
        var members = MemberMatcher.Expand(experiment.Ensemble.Members, planned);
        Assert.Equal(29, members.Count);
        // Nothing computed that no member uses, except the plain prediction of each used checkpoint.
        Assert.Equal(planned.Where(p => p.TtaVersion >= 0).Select(p => $"{p.Model}/{p.Checkpoint}/{p.TtaVersion}").Order(), members.Select(m => $"{m.Model}/{m.Checkpoint}/{m.TtaVersion}").Order());
    }

    [Fact]
    public void The_hackerearth_variants_are_override_sets_that_load()
    {
        var overrides = Pipeline.Config.ConfigOverrides.Read(
            [Path.Combine(BuildProcess.RepositoryRoot, "experiments/hackerearth/variants/intended.yaml"), Path.Combine(BuildProcess.RepositoryRoot, "experiments/hackerearth/variants/holdout.yaml")], []);

        var experiment = ExperimentLoader.Load("experiments/hackerearth", BuildProcess.RepositoryRoot, overrides);

        Assert.Equal("head", experiment.Model("inception").Training.Phases[12].TrainLayers);
        Assert.All(experiment.Trained, m => Assert.Equal("auto", m.Config.Model.Normalization));
        Assert.Equal(0.2, experiment.Data.Validation.Fraction);
        var asRan = ExperimentLoader.Load("experiments/hackerearth", BuildProcess.RepositoryRoot);
        Assert.Equal("all", asRan.Model("inception").Training.Phases[12].TrainLayers);
        Assert.All(asRan.Trained, m => Assert.Equal("keras_bgr01", m.Config.Model.Normalization));
        Assert.Equal(0, asRan.Data.Validation.Fraction);
    }
}

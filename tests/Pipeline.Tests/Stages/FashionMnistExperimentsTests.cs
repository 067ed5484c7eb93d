using Pipeline.Config;
using Pipeline.Stages.Experiments;
using Pipeline.Tests.Support;
using Xunit;

namespace Pipeline.Tests.Stages;

/// <summary>
/// The three Fashion-MNIST experiments load as shipped (they read the Debian package's IDX files, which .ci/run
/// installs), and each lever of docs/fashion-mnist.md applies to the lever reference and changes what its file says.
/// </summary>
public sealed class FashionMnistExperimentsTests
{
    private const string Levers = "experiments/fashion-mnist-levers";

    [Fact]
    public void The_fashion_mnist_experiments_load_with_their_models()
    {
        var main = ExperimentLoader.Load("experiments/fashion-mnist", BuildProcess.RepositoryRoot);
        Assert.Equal(["resnet", "resnet_b"], main.Trained.Select(m => m.Name));
        Assert.Null(main.Student);
        Assert.Equal(96, main.Data.ImageSize);
        // The two members differ in their seed only.
        var (a, b) = (main.Trained[0].Config, main.Trained[1].Config);
        Assert.Equal((11L, 12L), (a.Training.Seed, b.Training.Seed));
        Assert.Equal(Json(a with { Training = a.Training with { Seed = 0 } }), Json(b with { Training = b.Training with { Seed = 0 } }));
        // The submission's models train on every labelled image; the holdout the settings were chosen on is a variant
        // that measures the whole ladder (TTA and both checkpoints) on it.
        Assert.Equal(0, main.Data.Validation.Fraction);
        Assert.Equal([-1], main.Tta.Versions);
        var holdout = ExperimentLoader.Load("experiments/fashion-mnist", BuildProcess.RepositoryRoot,
            ConfigOverrides.Read([Path.Combine(BuildProcess.RepositoryRoot, "experiments/fashion-mnist/variants/holdout.yaml")], []));
        Assert.Equal(0.2, holdout.Data.Validation.Fraction);
        Assert.Equal([-1, 0], holdout.Tta.Versions);
        Assert.Equal(Json(main.Trained.Select(m => m.Config)), Json(holdout.Trained.Select(m => m.Config)));

        var ensemble = ExperimentLoader.Load("experiments/fashion-mnist-ensemble", BuildProcess.RepositoryRoot);
        Assert.Equal(["resnet", "resnet_b"], ensemble.Trained.Select(m => m.Name));
        Assert.NotNull(ensemble.Student);

        // Both use the same subset: the same source settings, so the same Preprocess inputs.
        Assert.Equal(main.Data.FashionMnist, ensemble.Data.FashionMnist);
    }

    [Fact]
    public void An_override_of_resnet_yaml_reaches_resnet_b_which_extends_it_and_one_of_resnet_b_stays_there()
    {
        var both = ExperimentLoader.Load("experiments/fashion-mnist", BuildProcess.RepositoryRoot,
            ConfigOverrides.Read([], ["resnet.yaml:training.phases[0].epochs=12"]));
        Assert.Equal([12, 12], both.Trained.Select(m => m.Config.Training.Phases[0].Epochs));
        Assert.Equal([11L, 12L], both.Trained.Select(m => m.Config.Training.Seed));

        var one = ExperimentLoader.Load("experiments/fashion-mnist", BuildProcess.RepositoryRoot,
            ConfigOverrides.Read([], ["resnet_b.yaml:training.seed=13"]));
        Assert.Equal([11L, 13L], one.Trained.Select(m => m.Config.Training.Seed));

        // A bad override of the base is one error, not one per file that extends it.
        var e = Assert.Throws<ConfigException>(() => ExperimentLoader.Load("experiments/fashion-mnist", BuildProcess.RepositoryRoot,
            ConfigOverrides.Read([], ["resnet.yaml:training.phases[3].epochs=2"])));
        Assert.Contains("index 3 is out of range", Assert.Single(e.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_lever_applies_to_the_reference_and_changes_it()
    {
        var reference = ExperimentLoader.Load(Levers, BuildProcess.RepositoryRoot);
        var files = Directory.GetFiles(Path.Combine(BuildProcess.RepositoryRoot, Levers, "overrides"), "*.yaml").Order(StringComparer.Ordinal).ToList();
        Assert.True(files.Count >= 9, $"{files.Count} lever files");

        foreach (var file in files)
        {
            var overrides = ConfigOverrides.Read([file], []);
            var lever = ExperimentLoader.Load(Levers, BuildProcess.RepositoryRoot, overrides);
            Assert.NotEqual(Describe(reference), Describe(lever));
        }
    }

    [Fact]
    public void The_size_lever_changes_the_data_and_the_model_together()
    {
        var overrides = ConfigOverrides.Read([Path.Combine(BuildProcess.RepositoryRoot, Levers, "overrides", "size96.yaml")], []);
        var lever = ExperimentLoader.Load(Levers, BuildProcess.RepositoryRoot, overrides);
        Assert.Equal(96, lever.Data.ImageSize);
        Assert.Equal(96, Assert.Single(lever.Trained).Config.Model.InputSize);
    }

    private static string Json(object value) => System.Text.Json.JsonSerializer.Serialize(value);

    private static string Describe(Experiment experiment) =>
        System.Text.Json.JsonSerializer.Serialize(new
        {
            experiment.Data,
            Presets = experiment.Augmentations,
            Models = experiment.Trained.Select(m => new { m.Name, m.Config.Model, m.Config.Training }),
        });
}

using Pipeline.Config;
using Pipeline.Training.Config;

namespace Pipeline.Stages.Experiments;

/// <summary>Checks that span files: each problem is positioned at the key that causes it.</summary>
internal static class ExperimentRules
{
    public static void Check(Experiment experiment, IReadOnlyDictionary<string, ConfigDocument?> documents, List<ConfigError> errors)
    {
        var presets = experiment.Presets;
        void RequirePreset(string file, string keyPath, string name)
        {
            if (!presets.Contains(name))
            {
                var suggestion = Pipeline.Cli.ClosestMatch.Find(name, presets.Names);
                var hint = suggestion is null ? $"known presets: {string.Join(", ", presets.Names)}" : $"did you mean '{suggestion}'?";
                errors.Add(At(documents, file, keyPath, $"unknown augmentation preset '{name}'; {hint}"));
            }
        }

        foreach (var (file, training) in TrainedModels(experiment))
        {
            for (var i = 0; i < training.Phases.Count; i++)
            {
                RequirePreset(file, $"training.phases[{i}].augment", training.Phases[i].Augment);
            }
        }

        for (var i = 0; i < experiment.Tta.Presets.Count; i++)
        {
            RequirePreset("tta.yaml", $"presets[{i}]", experiment.Tta.Presets[i]);
        }

        for (var i = 0; i < experiment.Augmentations.Preview.Presets.Count; i++)
        {
            RequirePreset("augmentations.yaml", $"preview.presets[{i}]", experiment.Augmentations.Preview.Presets[i]);
        }

        for (var i = 0; i < experiment.Pseudolabel.Teacher.Models.Count; i++)
        {
            var model = experiment.Pseudolabel.Teacher.Models[i];
            if (model is not ModelNames.Inception and not ModelNames.Resnet)
            {
                errors.Add(At(documents, "pseudolabel.yaml", $"teacher.models[{i}]", $"unknown teacher model '{model}'; the trained models are '{ModelNames.Inception}' and '{ModelNames.Resnet}'"));
            }
        }

        CheckFashionMnist(experiment, documents, errors);
        CrossFileReferences.Check(experiment, documents, errors);
    }

    /// <summary>Fashion-MNIST usually comes from a Debian package: say how to get it instead of only "input not found".</summary>
    private static void CheckFashionMnist(Experiment experiment, IReadOnlyDictionary<string, ConfigDocument?> documents, List<ConfigError> errors)
    {
        var path = experiment.Data.FashionMnist.Path;
        if (experiment.Data.Source == Pipeline.Data.DataConfig.FashionMnistSource && !Directory.Exists(path))
        {
            errors.Add(At(documents, "data.yaml", "fashion_mnist.path", $"the Fashion-MNIST folder '{path}' does not exist: install the Debian package (apt-get install dataset-fashion-mnist) or set fashion_mnist.path to a folder with the *-idx3-ubyte.gz / *-idx1-ubyte.gz files"));
        }
    }

    private static IEnumerable<(string File, TrainConfig Training)> TrainedModels(Experiment experiment)
    {
        yield return ("inception.yaml", experiment.Inception.Training);
        yield return ("resnet.yaml", experiment.Resnet.Training);
        yield return ("pseudolabel.yaml", experiment.Pseudolabel.Training);
    }

    internal static ConfigError At(IReadOnlyDictionary<string, ConfigDocument?> documents, string file, string keyPath, string message) =>
        documents.TryGetValue(file, out var document) && document is not null
            ? document.ErrorAt(keyPath, message)
            : new ConfigError(file, 0, 0, keyPath, message);
}

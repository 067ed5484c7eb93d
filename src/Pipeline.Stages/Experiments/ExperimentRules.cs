using Pipeline.Config;
using Pipeline.Ensembling.Configuration;
using Pipeline.Foundation;
using Pipeline.Training.Configuration;

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
                var suggestion = Suggestions.Closest(name, presets.Names);
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

        if (experiment.Student is { } student)
        {
            var trained = experiment.Trained.Select(m => m.Name).ToList();
            for (var i = 0; i < student.Config.Teacher.Models.Count; i++)
            {
                var model = student.Config.Teacher.Models[i];
                if (!trained.Contains(model))
                {
                    errors.Add(At(documents, student.File, $"teacher.models[{i}]", $"unknown teacher model '{model}'; the trained models are {Enumerate(trained)}"));
                }
            }
        }

        if (experiment.Data.Validation.Fraction == 0 && experiment.Ensemble.Method == EnsembleMethods.Greedy)
        {
            errors.Add(At(documents, "ensemble.yaml", "method", "method greedy chooses weights on the validation split, and data.yaml keeps none (validation.fraction: 0); use vote, mean or geometric"));
        }

        CheckFashionMnist(experiment, documents, errors);
        CrossFileReferences.Check(experiment, documents, errors);
    }

    /// <summary>Fashion-MNIST usually comes from a Debian package: say how to get it instead of only "input not found".</summary>
    private static void CheckFashionMnist(Experiment experiment, IReadOnlyDictionary<string, ConfigDocument?> documents, List<ConfigError> errors)
    {
        var path = experiment.Data.FashionMnist.Path;
        if (experiment.Data.Source == Pipeline.Data.Configuration.DataConfig.FashionMnistSource && !Directory.Exists(path))
        {
            errors.Add(At(documents, "data.yaml", "fashion_mnist.path", $"the Fashion-MNIST folder '{path}' does not exist: install the Debian package (apt-get install dataset-fashion-mnist) or set fashion_mnist.path to a folder with the *-idx3-ubyte.gz / *-idx1-ubyte.gz files"));
        }
    }

    private static IEnumerable<(string File, TrainConfig Training)> TrainedModels(Experiment experiment)
    {
        foreach (var model in experiment.Trained)
        {
            yield return (model.File, model.Config.Training);
        }

        if (experiment.Student is { } student)
        {
            yield return (student.File, student.Config.Training);
        }
    }

    /// <summary>The checkpoint names each model of the experiment will save, in pipeline.yaml's order.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> CheckpointsByModel(Experiment experiment)
    {
        var checkpoints = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var model in experiment.Trained)
        {
            checkpoints[model.Name] = CrossFileReferences.PlannedCheckpoints(model.Config.Training).Select(c => c.Name).ToList();
        }

        if (experiment.Student is { } student)
        {
            checkpoints[student.Name] = CrossFileReferences.PlannedCheckpoints(student.Config.Training).Select(c => c.Name).ToList();
        }

        return checkpoints;
    }

    /// <summary><c>'a'</c>, <c>'a' and 'b'</c>, <c>'a', 'b' and 'c'</c>.</summary>
    private static string Enumerate(IReadOnlyList<string> names) =>
        names.Count <= 1 ? string.Concat(names.Select(n => $"'{n}'")) : $"{string.Join(", ", names.SkipLast(1).Select(n => $"'{n}'"))} and '{names[^1]}'";

    internal static ConfigError At(IReadOnlyDictionary<string, ConfigDocument?> documents, string file, string keyPath, string message) =>
        documents.TryGetValue(file, out var document) && document is not null
            ? document.ErrorAt(keyPath, message)
            : new ConfigError(file, 0, 0, keyPath, message);
}

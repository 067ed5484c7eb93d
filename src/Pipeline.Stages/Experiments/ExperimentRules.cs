using Pipeline.Config;
using Pipeline.Ensembling.Configuration;
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

        if (experiment.Student is { } student)
        {
            var trained = experiment.Trained.Select(m => m.Name).ToList();
            for (var i = 0; i < student.Config.Teacher.Models.Count; i++)
            {
                var model = student.Config.Teacher.Models[i];
                if (!trained.Contains(model))
                {
                    errors.Add(At(documents, student.File, $"teacher.models[{i}]", $"unknown teacher model '{model}'; the trained models are {string.Join(", ", trained.Select(m => $"'{m}'"))}"));
                }
            }
        }

        CheckEnsembleMembers(experiment, documents, errors);
        if (experiment.Data.Validation.Fraction == 0 && experiment.Ensemble.Method == EnsembleMethods.Greedy)
        {
            errors.Add(At(documents, "ensemble.yaml", "method", "method greedy chooses weights on the validation split, and data.yaml keeps none (validation.fraction: 0); use vote, mean or geometric"));
        }

        CheckFashionMnist(experiment, documents, errors);
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

    /// <summary>The checkpoint names a training config will save: phase ends that ask for one, and each of the last K epochs.</summary>
    public static IReadOnlyList<string> ExpectedCheckpoints(TrainConfig training)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        var epoch = 0;
        var total = training.TotalEpochs;
        foreach (var phase in training.Phases)
        {
            for (var e = 0; e < phase.Epochs; e++)
            {
                epoch++;
                var phaseEnd = e == phase.Epochs - 1;
                if ((phaseEnd && phase.SaveCheckpoint) || epoch > total - training.Checkpoints.LastK)
                {
                    names.Add($"{phase.Name}_e{epoch}");
                }
            }
        }

        return names.ToList();
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
            checkpoints[model.Name] = ExpectedCheckpoints(model.Config.Training);
        }

        if (experiment.Student is { } student)
        {
            checkpoints[student.Name] = ExpectedCheckpoints(student.Config.Training);
        }

        return checkpoints;
    }

    private static void CheckEnsembleMembers(Experiment experiment, IReadOnlyDictionary<string, ConfigDocument?> documents, List<ConfigError> errors)
    {
        var checkpoints = CheckpointsByModel(experiment);

        for (var i = 0; i < experiment.Ensemble.Members.Count; i++)
        {
            var member = experiment.Ensemble.Members[i];
            var models = checkpoints.Keys.Where(m => GlobPattern.IsMatch(member.Model, m)).ToList();
            if (models.Count == 0)
            {
                errors.Add(At(documents, "ensemble.yaml", $"members[{i}].model", $"member model '{member.Model}' matches no model; models: {string.Join(", ", checkpoints.Keys)}"));
                continue;
            }

            var available = models.SelectMany(m => checkpoints[m]).ToList();
            if (!available.Any(c => GlobPattern.IsMatch(member.Checkpoint, c)))
            {
                errors.Add(At(documents, "ensemble.yaml", $"members[{i}].checkpoint", $"member checkpoint '{member.Checkpoint}' matches no checkpoint of {string.Join(", ", models)}; they save: {string.Join(", ", available)}"));
            }
        }
    }

    private static ConfigError At(IReadOnlyDictionary<string, ConfigDocument?> documents, string file, string keyPath, string message) =>
        documents.TryGetValue(file, out var document) && document is not null
            ? document.ErrorAt(keyPath, message)
            : new ConfigError(file, 0, 0, keyPath, message);
}

using Pipeline.Augmentation;
using Pipeline.Config;
using Pipeline.Ensembling.Configuration;
using Pipeline.Foundation;
using Pipeline.Models;
using Pipeline.Models.Configuration;

namespace Pipeline.Stages.Experiments;

/// <summary>
/// Checks of what one experiment file names in another, made when the experiment loads, so a mistake that a late
/// stage would hit fails the build before the first stage runs: ensemble members against the checkpoints and TTA
/// versions the Tta runs will produce, tta.yaml's checkpoint names against what training saves, presets used inside
/// preset definitions, and the image size a flattening head is built for against the size the data is prepared at.
/// </summary>
internal static class CrossFileReferences
{
    public static void Check(Experiment experiment, IReadOnlyDictionary<string, ConfigDocument?> documents, List<ConfigError> errors)
    {
        CheckPresetDefinitions(experiment, documents, errors);
        CheckInputSizes(experiment, documents, errors);
        var predicted = PredictedCheckpoints(experiment, documents, errors);
        CheckEnsembleMembers(experiment, predicted, documents, errors);
    }

    /// <summary>The checkpoints a training config will save, by name, with their 1-based epochs, in epoch order.</summary>
    public static IReadOnlyList<(string Name, int Epoch)> PlannedCheckpoints(Pipeline.Training.Configuration.TrainConfig training)
    {
        var result = new List<(string, int)>();
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
                    result.Add(($"{phase.Name}_e{epoch}", epoch));
                }
            }
        }

        return result;
    }

    private static IEnumerable<(string File, string Model, ModelConfig Config, Pipeline.Training.Configuration.TrainConfig Training)> AllModels(Experiment experiment)
    {
        foreach (var model in experiment.Trained)
        {
            yield return (model.File, model.Name, model.Config.Model, model.Config.Training);
        }

        if (experiment.Student is { } student)
        {
            yield return (student.File, student.Name, student.Config.Model, student.Config.Training);
        }
    }

    /// <summary>A <c>preset: name</c> op in an experiment preset must name a preset, and no preset may reach itself.</summary>
    private static void CheckPresetDefinitions(Experiment experiment, IReadOnlyDictionary<string, ConfigDocument?> documents, List<ConfigError> errors)
    {
        var presets = experiment.Presets;
        foreach (var (name, ops) in experiment.Augmentations.Presets.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            foreach (var (reference, op) in PresetReferences.In(ops))
            {
                if (!presets.Contains(reference))
                {
                    var suggestion = Suggestions.Closest(reference, presets.Names);
                    var hint = suggestion is null ? $"known presets: {string.Join(", ", presets.Names)}" : $"did you mean '{suggestion}'?";
                    errors.Add(ExperimentRules.At(documents, "augmentations.yaml", $"presets.{name}[{op}]", $"preset '{name}' uses unknown augmentation preset '{reference}'; {hint}"));
                }
            }

            if (CycleFrom(name, presets) is { } cycle)
            {
                errors.Add(ExperimentRules.At(documents, "augmentations.yaml", $"presets.{name}", $"preset '{name}' refers to itself: {string.Join(" -> ", cycle)}"));
            }
        }
    }

    /// <summary>A path of preset references from <paramref name="start"/> back to itself, or null.</summary>
    private static IReadOnlyList<string>? CycleFrom(string start, AugmentationPresets presets)
    {
        var visited = new HashSet<string>(StringComparer.Ordinal);
        List<string>? Visit(string name, List<string> path)
        {
            foreach (var (next, _) in PresetReferences.In(presets.Resolve(name)).Where(r => presets.Contains(r.Name)))
            {
                if (next == start)
                {
                    return [.. path, next];
                }

                if (visited.Add(next) && Visit(next, [.. path, next]) is { } found)
                {
                    return found;
                }
            }

            return null;
        }

        return Visit(start, [start]);
    }

    /// <summary>The original head with <c>pooling: flatten</c> is sized for <c>model.input_size</c>: the prepared images must have that size.</summary>
    private static void CheckInputSizes(Experiment experiment, IReadOnlyDictionary<string, ConfigDocument?> documents, List<ConfigError> errors)
    {
        var size = experiment.Data.ImageSize;
        foreach (var (file, _, model, _) in AllModels(experiment))
        {
            if (model.Head.Kind == "original" && model.Head.Pooling == "flatten" && model.InputSize != size)
            {
                errors.Add(ExperimentRules.At(documents, file, "model.input_size",
                    $"model.input_size {model.InputSize} differs from the size the data is prepared at, image_size {size} ({Where(documents, "data.yaml", "image_size")}); "
                    + "the original head with pooling: flatten is built for input_size, so make them equal or use pooling: avg"));
            }
        }
    }

    /// <summary>
    /// The checkpoints each model's Tta run will predict with (tta.yaml's <c>checkpoints</c> applied to what training
    /// saves); checkpoint names that tta.yaml lists but some model does not save are errors.
    /// </summary>
    private static Dictionary<string, IReadOnlyList<string>> PredictedCheckpoints(Experiment experiment, IReadOnlyDictionary<string, ConfigDocument?> documents, List<ConfigError> errors)
    {
        var tta = experiment.Tta;
        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (_, model, _, training) in AllModels(experiment))
        {
            var saved = PlannedCheckpoints(training);
            result[model] = tta.Checkpoints switch
            {
                "last_k" => saved.Skip(Math.Max(0, saved.Count - tta.LastK)).Select(c => c.Name).ToList(),
                "names" => tta.Names.Where(n => saved.Any(c => c.Name == n)).ToList(),
                // all, and ensemble (only what the members name, so a member matching nothing saved is the error)
                _ => saved.Select(c => c.Name).ToList(),
            };
        }

        if (tta.Checkpoints == "names")
        {
            for (var i = 0; i < tta.Names.Count; i++)
            {
                var name = tta.Names[i];
                var lacking = AllModels(experiment).Where(m => PlannedCheckpoints(m.Training).All(c => c.Name != name)).ToList();
                if (lacking.Count > 0)
                {
                    var saves = string.Join("; ", lacking.Select(m => $"{m.Model} ({Where(documents, m.File, "training.phases")}) saves {string.Join(", ", PlannedCheckpoints(m.Training).Select(c => c.Name))}"));
                    errors.Add(ExperimentRules.At(documents, "tta.yaml", $"names[{i}]", $"checkpoint '{name}' is not saved by every model the Tta stage predicts with: {saves}"));
                }
            }
        }

        return result;
    }

    /// <summary>Each member line must select a prediction set the Tta runs will write: a model, one of its predicted checkpoints, a computed TTA version.</summary>
    private static void CheckEnsembleMembers(Experiment experiment, Dictionary<string, IReadOnlyList<string>> predicted, IReadOnlyDictionary<string, ConfigDocument?> documents, List<ConfigError> errors)
    {
        var tta = experiment.Tta;
        var selection = $"tta.yaml checkpoints: {tta.Checkpoints}{(tta.Checkpoints == "last_k" ? $" {tta.LastK}" : "")} ({Where(documents, "tta.yaml", "checkpoints")})";
        for (var i = 0; i < experiment.Ensemble.Members.Count; i++)
        {
            var member = experiment.Ensemble.Members[i];
            var models = predicted.Keys.Where(m => GlobPattern.IsMatch(member.Model, m)).ToList();
            if (models.Count == 0)
            {
                errors.Add(ExperimentRules.At(documents, "ensemble.yaml", $"members[{i}].model", $"member model '{member.Model}' matches no model; models: {string.Join(", ", predicted.Keys)}"));
                continue;
            }

            var checkpoints = models.SelectMany(m => predicted[m]).ToList();
            if (!checkpoints.Any(c => GlobPattern.IsMatch(member.Checkpoint, c)))
            {
                var available = string.Join("; ", models.Select(m => $"{m}: {(predicted[m].Count == 0 ? "none" : string.Join(", ", predicted[m]))}"));
                errors.Add(ExperimentRules.At(documents, "ensemble.yaml", $"members[{i}].checkpoint",
                    $"member checkpoint '{member.Checkpoint}' matches none of the checkpoints the Tta stage predicts with ({selection}): {available}"));
            }

            var (_, versions) = member.TtaSelection();
            var missing = versions.Where(v => !tta.Versions.Contains(v)).ToList();
            if (missing.Count > 0)
            {
                errors.Add(ExperimentRules.At(documents, "ensemble.yaml", $"members[{i}].tta",
                    $"member asks for TTA version {string.Join(", ", missing)}, which tta.yaml does not compute; its versions are {string.Join(", ", tta.Versions)} ({Where(documents, "tta.yaml", "versions")})"));
            }
        }
    }

    /// <summary><c>experiments/tta.yaml:3</c>: where a key is written, to point from one file's error to the other file.</summary>
    private static string Where(IReadOnlyDictionary<string, ConfigDocument?> documents, string file, string keyPath)
    {
        var at = ExperimentRules.At(documents, file, keyPath, "");
        return at.Line > 0 ? $"{at.File}:{at.Line}" : at.File;
    }
}

using Pipeline.Augmentation;
using Pipeline.Data;
using Pipeline.Data.Configuration;
using Pipeline.Ensembling.Configuration;
using Pipeline.Inference;
using Pipeline.Inference.Configuration;

namespace Pipeline.Stages.Experiments;

/// <summary>An experiment folder, loaded and validated: one record per file.</summary>
public sealed record Experiment
{
    /// <summary>The folder, absolute.</summary>
    public required string Directory { get; init; }

    /// <summary>The folder as users name it (relative to the repository when inside it), used in messages and plan reasons.</summary>
    public required string DisplayDirectory { get; init; }

    public required PipelineConfig Pipeline { get; init; }
    public required DataConfig Data { get; init; }
    public required AugmentationsConfig Augmentations { get; init; }

    /// <summary>The models trained on the labelled images, in pipeline.yaml's order.</summary>
    public required IReadOnlyList<ExperimentModel> Trained { get; init; }

    /// <summary>The pseudolabel student, or null when the experiment has no Pseudolabel step.</summary>
    public ExperimentStudent? Student { get; init; }
    public required TtaConfig Tta { get; init; }
    public required EnsembleConfig Ensemble { get; init; }

    /// <summary>The overrides (<c>--set</c>, <c>--overrides</c>) already applied to the records above; plans and lock files name them as sources.</summary>
    public IReadOnlyList<Pipeline.Config.ConfigOverride> Overrides { get; init; } = [];

    /// <summary>The parsed files (overrides applied), to place errors found after loading; null for an absent file.</summary>
    internal IReadOnlyDictionary<string, Pipeline.Config.ConfigDocument?> Documents { get; init; } = new Dictionary<string, Pipeline.Config.ConfigDocument?>();

    /// <summary>An error at <paramref name="keyPath"/> of one of the experiment's files (<c>resnet.yaml</c>), for checks made after loading.</summary>
    public Pipeline.Config.ConfigError ErrorAt(string file, string keyPath, string message) =>
        ExperimentRules.At(Documents, file, keyPath, message) is { Line: > 0 } placed ? placed : new Pipeline.Config.ConfigError(FileName(file), 0, 0, keyPath, message);

    /// <summary>Built-in presets plus the experiment's own.</summary>
    public AugmentationPresets Presets => AugmentationPresets.BuiltIn.With(Augmentations.Presets);

    /// <summary>The configuration of the trained model of that name.</summary>
    public ModelTrainingConfig Model(string name) =>
        Trained.FirstOrDefault(m => m.Name == name)?.Config ?? throw new ArgumentException($"the experiment {DisplayDirectory} trains no model '{name}' (it trains {string.Join(", ", Trained.Select(m => m.Name))})", nameof(name));

    /// <summary>The display path of one of the experiment's files, e.g. <c>experiments/resnet.yaml</c>.</summary>
    public string FileName(string file) => $"{DisplayDirectory.TrimEnd('/')}/{file}";

    /// <summary>Each experiment file, in pipeline.yaml's model order, with the record it was bound to.</summary>
    public IEnumerable<(string File, object Record)> Sections()
    {
        yield return ("pipeline.yaml", Pipeline);
        yield return ("data.yaml", Data);
        yield return ("augmentations.yaml", Augmentations);
        foreach (var entry in Pipeline.Models)
        {
            yield return (entry.File, Trained.FirstOrDefault(m => m.Name == entry.Name)?.Config ?? (object?)Student?.Config
                ?? throw new InvalidOperationException($"model {entry.Name} has no record"));
        }

        yield return ("tta.yaml", Tta);
        yield return ("ensemble.yaml", Ensemble);
    }
}

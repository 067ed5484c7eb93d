using System.ComponentModel.DataAnnotations;
using Pipeline.Config;

namespace Pipeline.Training.Configuration;

/// <summary>
/// The training schedule of one model (everything in <c>experiments/&lt;model&gt;.yaml</c> except the
/// <c>model:</c> section): seed, batch sizes, label smoothing, the ladder of phases and which
/// checkpoints to keep. YAML keys are the snake_case of the property names.
/// </summary>
public sealed record TrainConfig : IValidatableConfig
{
    /// <summary>Drives weight init, data order, augmentation and dropout; the same seed and thread count give the same weights.</summary>
    public long Seed { get; init; } = 42;

    [Range(1, 65536)]
    public int BatchSize { get; init; } = 32;

    /// <summary>Batch size of validation (no gradients, so it can be larger than <see cref="BatchSize"/>).</summary>
    [Range(1, 65536)]
    public int EvalBatchSize { get; init; } = 64;

    /// <summary>Mixes the one-hot target with a uniform distribution (0 = plain cross-entropy).</summary>
    [Range(0.0, 0.999)]
    public double LabelSmoothing { get; init; }

    /// <summary>Optional cap: train on a seeded subset of this many training images (validation is never capped).</summary>
    [Range(1, int.MaxValue)]
    public int? MaxTrainImages { get; init; }

    /// <summary>The phases, run in order; each may change augmentation, optimizer, schedule and trainable layers.</summary>
    public IReadOnlyList<PhaseConfig> Phases { get; init; } = [new PhaseConfig()];

    public CheckpointsConfig Checkpoints { get; init; } = new();

    /// <summary>Total epochs over all phases.</summary>
    public int TotalEpochs => Phases.Sum(p => p.Epochs);

    public IEnumerable<(string Key, string Message)> Validate()
    {
        if (Phases.Count == 0)
        {
            yield return ("phases", "at least one phase is needed");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var phase in Phases)
        {
            if (!seen.Add(phase.Name))
            {
                yield return ("phases", $"phase name '{phase.Name}' is used twice; checkpoint files are named after phases, so names must be unique");
            }
        }
    }
}

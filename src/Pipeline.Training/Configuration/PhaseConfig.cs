using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Pipeline.Config;

namespace Pipeline.Training.Configuration;

/// <summary>
/// One rung of the training ladder (the original's cp1, cp2, ...): epochs under one augmentation
/// preset, optimizer and schedule, with the backbone frozen or not, optionally saving a checkpoint
/// at its end.
/// </summary>
public sealed record PhaseConfig : IValidatableConfig
{
    /// <summary>Names the phase in logs, metrics and checkpoint files (<c>checkpoints/&lt;name&gt;_e&lt;epoch&gt;.pt</c>).</summary>
    public string Name { get; init; } = "train";

    [Range(1, 100000)]
    public int Epochs { get; init; } = 1;

    /// <summary>Augmentation preset name (<c>none</c> for plain images).</summary>
    public string Augment { get; init; } = "none";

    public OptimizerConfig Optimizer { get; init; } = new();

    public ScheduleConfig Schedule { get; init; } = new();

    /// <summary><c>all</c>: every layer trains; <c>head</c>: the backbone is frozen (weights and batch-norm statistics).</summary>
    [AllowedValues("all", "head")]
    public string TrainLayers { get; init; } = "all";

    /// <summary>
    /// Trains this phase at this square image size in pixels (progressive resizing): each augmented batch is
    /// resized (bilinear, antialiased) before the step. Null trains at the data's size. Validation, TTA and
    /// inference always see the data's size, so a phase at a smaller size should be followed by one at the
    /// data's size. Left out of the trainer's JSON when null, so a resume state written before this setting existed
    /// still matches its configuration.
    /// </summary>
    [Range(8, 4096)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? InputSize { get; init; }

    /// <summary>
    /// Mixup or CutMix of the phase's training batches (<see cref="MixConfig"/>); null trains on the images as
    /// augmented. Left out of the trainer's JSON when null, like <see cref="InputSize"/>.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public MixConfig? Mix { get; init; }

    /// <summary>Save a checkpoint at the end of this phase.</summary>
    public bool SaveCheckpoint { get; init; } = true;

    public IEnumerable<(string Key, string Message)> Validate()
    {
        if (string.IsNullOrWhiteSpace(Name))
        {
            yield return ("name", "a phase needs a name");
        }
        else if (Name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.')))
        {
            yield return ("name", $"'{Name}' may only contain letters, digits, '_', '-' and '.', because it names checkpoint files");
        }

        if (string.IsNullOrWhiteSpace(Augment))
        {
            yield return ("augment", "name an augmentation preset, or 'none'");
        }
    }
}

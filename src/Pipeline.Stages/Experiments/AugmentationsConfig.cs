using Pipeline.Augmentation.Specs;

namespace Pipeline.Stages.Experiments;

/// <summary><c>augmentations.yaml</c>: extra or replaced presets (name → ops) and the preview settings.</summary>
public sealed record AugmentationsConfig
{
    public IReadOnlyDictionary<string, IReadOnlyList<AugmentationSpec>> Presets { get; init; } = new Dictionary<string, IReadOnlyList<AugmentationSpec>>();

    public PreviewConfig Preview { get; init; } = new();
}

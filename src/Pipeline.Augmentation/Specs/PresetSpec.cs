using Pipeline.Config;

namespace Pipeline.Augmentation.Specs;

/// <summary><c>preset: name</c>: inlines another named preset (built-in or from the experiment's augmentations.yaml).</summary>
[ConfigCase("preset")]
public sealed record PresetSpec : AugmentationSpec
{
    [ConfigPositional]
    public string Name { get; init; } = "none";
}

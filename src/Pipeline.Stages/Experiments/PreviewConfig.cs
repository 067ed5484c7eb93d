using System.ComponentModel.DataAnnotations;

namespace Pipeline.Stages.Experiments;

/// <summary>The <c>preview</c> section of <c>augmentations.yaml</c>: which presets the Preview target draws; the report features the first.</summary>
public sealed record PreviewConfig
{
    public IReadOnlyList<string> Presets { get; init; } = ["aggressive_part2", "affine_cp6", "tta1_aggressive"];

    [Range(1, 32)]
    public int Images { get; init; } = 6;

    [Range(1, 16)]
    public int Copies { get; init; } = 7;

    public long Seed { get; init; } = 3;
}

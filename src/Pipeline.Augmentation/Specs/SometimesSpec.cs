using System.ComponentModel.DataAnnotations;
using Pipeline.Config;

namespace Pipeline.Augmentation.Specs;

/// <summary><c>sometimes: {p, then: [ops], else: [ops]}</c>: per image, applies <see cref="Then"/> with probability p, otherwise <see cref="Else"/> (default nothing).</summary>
[ConfigCase("sometimes")]
public sealed record SometimesSpec : AugmentationSpec
{
    [Range(0.0, 1.0)]
    public double P { get; init; } = 0.5;

    public IReadOnlyList<AugmentationSpec> Then { get; init; } = [];

    public IReadOnlyList<AugmentationSpec> Else { get; init; } = [];
}

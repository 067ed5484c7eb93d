using System.ComponentModel.DataAnnotations;
using Pipeline.Config;

namespace Pipeline.Augmentation.Specs;

/// <summary><c>flipud</c>: flips each image upside down with probability <see cref="P"/>.</summary>
[ConfigCase("flipud")]
public sealed record FlipudSpec : AugmentationSpec
{
    [Range(0.0, 1.0)]
    public double P { get; init; } = 0.5;
}

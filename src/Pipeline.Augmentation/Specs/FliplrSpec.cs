using System.ComponentModel.DataAnnotations;
using Pipeline.Config;

namespace Pipeline.Augmentation.Specs;

/// <summary><c>fliplr</c>: mirrors each image left-right with probability <see cref="P"/>.</summary>
[ConfigCase("fliplr")]
public sealed record FliplrSpec : AugmentationSpec
{
    [Range(0.0, 1.0)]
    public double P { get; init; } = 0.5;
}

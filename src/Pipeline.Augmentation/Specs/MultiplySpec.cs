using System.ComponentModel.DataAnnotations;
using Pipeline.Config;

namespace Pipeline.Augmentation.Specs;

/// <summary><c>multiply</c>: multiplies each image by a factor; per channel for a fraction <see cref="PerChannel"/> of the images.</summary>
[ConfigCase("multiply")]
public sealed record MultiplySpec : AugmentationSpec
{
    public ValueRange Mul { get; init; } = new(0.8, 1.2);

    [Range(0.0, 1.0)]
    public double PerChannel { get; init; }
}

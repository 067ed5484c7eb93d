using System.ComponentModel.DataAnnotations;
using Pipeline.Config;

namespace Pipeline.Augmentation.Specs;

/// <summary><c>add</c>: adds a value (0-255 scale, divided by 255) per image; per channel for a fraction <see cref="PerChannel"/> of the images.</summary>
[ConfigCase("add")]
public sealed record AddSpec : AugmentationSpec
{
    [ConfigSymmetric]
    public ValueRange Value { get; init; } = new(-10, 10);

    [Range(0.0, 1.0)]
    public double PerChannel { get; init; }
}

using System.ComponentModel.DataAnnotations;
using Pipeline.Config;

namespace Pipeline.Augmentation.Specs;

/// <summary><c>contrast_normalization</c> (imgaug): <c>(v − 128)·alpha + 128</c> on the 0-255 scale; per channel for a fraction <see cref="PerChannel"/> of the images.</summary>
[ConfigCase("contrast_normalization")]
public sealed record ContrastNormalizationSpec : AugmentationSpec
{
    public ValueRange Alpha { get; init; } = new(0.5, 1.5);

    [Range(0.0, 1.0)]
    public double PerChannel { get; init; }
}

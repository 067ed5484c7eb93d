using System.ComponentModel.DataAnnotations;
using Pipeline.Config;

namespace Pipeline.Augmentation.Specs;

/// <summary><c>gaussian_noise</c> (imgaug AdditiveGaussianNoise): per-pixel normal noise with standard deviation drawn per image (0-255 scale); per channel for a fraction <see cref="PerChannel"/> of the images.</summary>
[ConfigCase("gaussian_noise")]
public sealed record GaussianNoiseSpec : AugmentationSpec
{
    public ValueRange Scale { get; init; } = new(0, 12.75);

    [Range(0.0, 1.0)]
    public double PerChannel { get; init; }
}

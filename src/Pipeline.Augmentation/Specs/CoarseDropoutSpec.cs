using System.ComponentModel.DataAnnotations;
using Pipeline.Config;

namespace Pipeline.Augmentation.Specs;

/// <summary>
/// <c>coarse_dropout</c> (imgaug CoarseDropout with size_percent): a mask of
/// <c>size·H × size·W</c> cells (at least 2×2), each dropped (set to 0) with probability p, is
/// upsampled nearest to the image. p and size are drawn per image; per channel for a fraction
/// <see cref="PerChannel"/> of the images.
/// </summary>
[ConfigCase("coarse_dropout")]
public sealed record CoarseDropoutSpec : AugmentationSpec
{
    public ValueRange P { get; init; } = new(0.05, 0.2);

    public ValueRange Size { get; init; } = ValueRange.Fixed(0.1);

    [Range(0.0, 1.0)]
    public double PerChannel { get; init; }
}

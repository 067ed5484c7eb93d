using System.ComponentModel.DataAnnotations;
using Pipeline.Config;

namespace Pipeline.Augmentation.Specs;

/// <summary>
/// <c>piecewise_affine</c>: local distortion like imgaug PiecewiseAffine. The points of a
/// <see cref="Rows"/>×<see cref="Cols"/> grid move by normal offsets whose standard deviation is
/// <see cref="Scale"/> (a fraction of the image size, drawn per image); the displacement is
/// interpolated bilinearly between the points (imgaug triangulates: piecewise affine; ours is smooth).
/// </summary>
[ConfigCase("piecewise_affine")]
public sealed record PiecewiseAffineSpec : AugmentationSpec
{
    public ValueRange Scale { get; init; } = new(0.01, 0.04);

    [Range(2, 64)]
    public int Rows { get; init; } = 4;

    [Range(2, 64)]
    public int Cols { get; init; } = 4;

    [AllowedValues("nearest", "linear")]
    public string Order { get; init; } = "linear";

    [AllowedValues("constant", "edge", "reflect", "symmetric", "wrap")]
    public string Mode { get; init; } = "reflect";

    [Range(0.0, 255.0)]
    public double Cval { get; init; }
}

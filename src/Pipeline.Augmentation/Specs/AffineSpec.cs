using System.ComponentModel.DataAnnotations;
using Pipeline.Config;

namespace Pipeline.Augmentation.Specs;

/// <summary>
/// <c>affine</c> (imgaug Affine): per image, scale about the centre, shear, rotate, translate.
/// <see cref="Scale"/> keeps the aspect (one draw for both axes); <see cref="ScaleX"/>/<see cref="ScaleY"/>,
/// when either is set, draw the axes independently (an unset one uses <see cref="Scale"/>).
/// <see cref="Translate"/> is a fraction of the image size, drawn independently for x and y unless
/// <see cref="TranslateX"/>/<see cref="TranslateY"/> override an axis. Angles in degrees.
/// Order: nearest, linear, or random (per image). Mode: constant (fill <see cref="Cval"/>, 0-255),
/// edge, reflect (mirror without repeating the edge pixel), symmetric (with it), wrap, or random (per image among constant, reflect, wrap, symmetric).
/// </summary>
[ConfigCase("affine")]
public sealed record AffineSpec : AugmentationSpec
{
    public ValueRange Scale { get; init; } = ValueRange.Fixed(1);

    public ValueRange? ScaleX { get; init; }

    public ValueRange? ScaleY { get; init; }

    [ConfigSymmetric]
    public ValueRange Translate { get; init; } = ValueRange.Fixed(0);

    [ConfigSymmetric]
    public ValueRange? TranslateX { get; init; }

    [ConfigSymmetric]
    public ValueRange? TranslateY { get; init; }

    [ConfigSymmetric]
    public ValueRange Rotate { get; init; } = ValueRange.Fixed(0);

    [ConfigSymmetric]
    public ValueRange Shear { get; init; } = ValueRange.Fixed(0);

    [AllowedValues("nearest", "linear", "random")]
    public string Order { get; init; } = "linear";

    [AllowedValues("constant", "edge", "reflect", "symmetric", "wrap", "random")]
    public string Mode { get; init; } = "constant";

    [Range(0.0, 255.0)]
    public double Cval { get; init; }
}

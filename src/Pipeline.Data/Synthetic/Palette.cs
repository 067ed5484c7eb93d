namespace Pipeline.Data.Synthetic;

/// <summary>
/// One brand's colours for a product class: body, label band, ink (pattern), accent (cap or lid), and
/// how opaque the body is (below 1 for clear bottles and jars, whose background shows through).
/// </summary>
public sealed record Palette(Rgb Body, Rgb Band, Rgb Ink, Rgb Accent, float BodyAlpha = 1f)
{
    /// <summary>Builds a palette from "rrggbb" strings.</summary>
    public static Palette Of(string body, string band, string ink, string accent, float bodyAlpha = 1f)
        => new(Rgb.Hex(body), Rgb.Hex(band), Rgb.Hex(ink), Rgb.Hex(accent), bodyAlpha);
}

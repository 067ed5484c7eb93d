using System.Globalization;

namespace Pipeline.Data.Synthetic;

/// <summary>A linear RGB colour with channels nominally in [0,1] (values outside are clamped only when written out).</summary>
public readonly record struct Rgb(float R, float G, float B)
{
    /// <summary>Parses "rrggbb".</summary>
    public static Rgb Hex(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        int value = int.Parse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        return new Rgb(((value >> 16) & 255) / 255f, ((value >> 8) & 255) / 255f, (value & 255) / 255f);
    }

    /// <summary>Channel-wise product with a scalar.</summary>
    public static Rgb operator *(Rgb c, float s) => new(c.R * s, c.G * s, c.B * s);

    /// <summary>Channel-wise product.</summary>
    public static Rgb operator *(Rgb a, Rgb b) => new(a.R * b.R, a.G * b.G, a.B * b.B);

    /// <summary>Channel-wise sum.</summary>
    public static Rgb operator +(Rgb a, Rgb b) => new(a.R + b.R, a.G + b.G, a.B + b.B);

    /// <summary>Linear interpolation from <paramref name="a"/> (t = 0) to <paramref name="b"/> (t = 1).</summary>
    public static Rgb Lerp(Rgb a, Rgb b, float t) => new(a.R + (b.R - a.R) * t, a.G + (b.G - a.G) * t, a.B + (b.B - a.B) * t);
}

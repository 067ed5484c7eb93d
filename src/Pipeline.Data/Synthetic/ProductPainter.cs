namespace Pipeline.Data.Synthetic;

/// <summary>
/// Shades one product instance in its local square (u across, v down, both in [-1,1]): silhouette of
/// the package shape, shading that suggests its 3-D form, the label band and its pattern. The brand
/// colours and pattern phase are chosen per image, so instances of a class differ.
/// </summary>
internal sealed class ProductPainter
{
    private enum Region { Body, Side, Cap, Top, Seal }

    private readonly ProductTemplate _template;
    private readonly Palette _palette;
    private readonly float _phaseX, _phaseY, _scale, _logoX;

    public ProductPainter(ProductTemplate template, Palette palette, Random random)
    {
        _template = template;
        _palette = palette;
        _phaseX = (float)random.NextDouble();
        _phaseY = (float)random.NextDouble();
        _scale = 0.85f + 0.3f * (float)random.NextDouble();
        _logoX = (float)(random.NextDouble() - 0.5) * 0.6f;
    }

    /// <summary>A shader that returns this product's colour, or a flat shadow colour for its silhouette.</summary>
    public LocalShader Shader(bool shadow = false) => shadow ? Shadow : Sample;

    private float Shadow(float u, float v, out Rgb color)
    {
        color = default;
        return Shape(u, v, out _, out _, out _) ? 1f : 0f;
    }

    private float Sample(float u, float v, out Rgb color)
    {
        if (!Shape(u, v, out var region, out float shade, out float lu))
        {
            color = default;
            return 0;
        }
        float alpha = 1;
        Rgb c;
        bool inBand = v >= _template.BandTop && v <= _template.BandBottom;
        switch (region)
        {
            case Region.Cap:
                c = _template.CheckeredLid && ((int)MathF.Floor((u + 2) * 5) + (int)MathF.Floor((v + 2) * 10)) % 2 == 0 ? new Rgb(0.95f, 0.95f, 0.95f) : _palette.Accent;
                break;
            case Region.Top:
                c = _palette.Accent;
                break;
            case Region.Seal:
                c = _palette.Body * (0.85f + 0.1f * MathF.Sin(u * 60));
                break;
            case Region.Side:
                c = inBand ? _palette.Band : _palette.Body;
                break;
            default:
                if (inBand)
                {
                    c = Label(lu * _template.Aspect, v);
                }
                else
                {
                    c = _palette.Body;
                    alpha = _palette.BodyAlpha;
                }
                break;
        }
        color = c * shade;
        return alpha;
    }

    private Rgb Label(float x, float y)
    {
        var t = _template;
        float s = 5 * _scale;
        float bandMid = 0.5f * (t.BandTop + t.BandBottom), bandHalf = 0.5f * (t.BandBottom - t.BandTop);
        if (t.Logo && t.Pattern != LabelPattern.Disc)
        {
            // A small brand disc in the band's upper part, with a pale ring.
            float ly = t.BandTop + 0.45f * bandHalf, r = 0.32f * MathF.Min(bandHalf, t.Aspect);
            float d = MathF.Sqrt(Sq(x - _logoX * t.Aspect) + Sq(y - ly));
            if (d < r)
            {
                return d > 0.78f * r ? new Rgb(0.97f, 0.97f, 0.95f) : _palette.Ink;
            }
        }
        bool ink = t.Pattern switch
        {
            LabelPattern.Stripes => Frac(y * s + _phaseY) < 0.4f,
            LabelPattern.VerticalStripes => Frac(x * s * 1.3f + _phaseX) < 0.35f,
            LabelPattern.DiagonalStripes => Frac((x + y) * s * 0.8f + _phaseX) < 0.4f,
            LabelPattern.Dots => Sq(Frac(x * s * 0.9f + _phaseX) - 0.5f) + Sq(Frac(y * s * 0.9f + _phaseY) - 0.5f) < 0.09f,
            LabelPattern.Checker => (((int)MathF.Floor(x * s * 0.8f + 10 + _phaseX) + (int)MathF.Floor(y * s * 0.8f + 10)) & 1) == 0,
            LabelPattern.Disc => Sq(x - _logoX * t.Aspect * 0.5f) + Sq(y - bandMid) < Sq(0.8f * MathF.Min(bandHalf, t.Aspect)),
            LabelPattern.Dashes => Dash(x, y - t.BandTop, s),
            LabelPattern.Waves => MathF.Abs(y - bandMid + 0.15f * MathF.Sin(x * s * 1.2f + _phaseX * 6.283f)) < 0.06f
                || MathF.Abs(y - bandMid - 0.22f * bandHalf - 0.1f * MathF.Sin(x * s + _phaseY * 6.283f)) < 0.04f,
            _ => false,
        };
        return ink ? _palette.Ink : _palette.Band;
    }

    // Rows of bars of pseudo-random lengths, like lines of print.
    private bool Dash(float x, float yFromTop, float s)
    {
        const float rowHeight = 0.16f;
        int row = (int)MathF.Floor(yFromTop / rowHeight);
        float inRow = yFromTop / rowHeight - row;
        if (inRow < 0.3f || inRow > 0.7f)
        {
            return false;
        }

        float position = x * s * 1.1f + _phaseX * 7 + row * 1.7f;
        int word = (int)MathF.Floor(position);
        uint hash = (uint)(word * 73856093) ^ (uint)(row * 19349663);
        return hash % 5 != 0 && Frac(position) < 0.8f;
    }

    private bool Shape(float u, float v, out Region region, out float shade, out float lu)
    {
        region = Region.Body;
        shade = 1;
        lu = u;
        switch (_template.Shape)
        {
            case PackageShape.Box:
                if (MathF.Abs(u) > 1 || MathF.Abs(v) > 1)
                {
                    return false;
                }

                if (u > 0.84f)
                {
                    region = Region.Side;
                    shade = 0.7f;
                }
                else if (v < -0.93f)
                {
                    shade = 1.12f;
                }
                lu = (u + 1) / 1.84f * 2 - 1;
                return true;

            case PackageShape.Can:
            {
                const float rim = 0.1f, half = 0.9f;
                float top = Sq(u) + Sq((v + half) / rim);
                if (top <= 1)
                {
                    region = Region.Top;
                    shade = top > 0.7f ? 0.7f : 1.05f;
                    return true;
                }
                bool inBody = MathF.Abs(u) <= 1 && v >= -half && (v <= half || Sq(u) + Sq((v - half) / rim) <= 1);
                if (!inBody)
                    {
                        return false;
                    }

                    shade = Cylinder(u);
                lu = MathF.Asin(Math.Clamp(u, -1, 1)) / (MathF.PI / 2);
                return true;
            }

            case PackageShape.Bottle:
            {
                float hw;
                if (v < -0.86f)
                {
                    hw = 0.3f;
                    region = Region.Cap;
                }
                else if (v < -0.55f)
                {
                    hw = 0.25f;
                }
                else if (v < -0.15f)
                {
                    hw = 0.25f + 0.75f * SmoothStep((v + 0.55f) / 0.4f);
                }
                else if (v > 0.92f)
                {
                    hw = MathF.Sqrt(MathF.Max(0, 1 - Sq((v - 0.92f) / 0.08f)));
                }
                else
                {
                    hw = 1;
                }
                if (v < -1 || v > 1 || MathF.Abs(u) > hw)
                    {
                        return false;
                    }

                    shade = Cylinder(u / hw);
                lu = MathF.Asin(Math.Clamp(u / hw, -1, 1)) / (MathF.PI / 2);
                return true;
            }

            case PackageShape.Bag:
            {
                float crimp = 0.04f * MathF.Abs(MathF.Sin(u * 16));
                float hw = 1 - 0.08f * v * v;
                if (MathF.Abs(u) > hw || v < -0.96f + crimp || v > 0.96f - crimp)
                    {
                        return false;
                    }

                    if (v < -0.82f || v > 0.84f)
                    {
                        region = Region.Seal;
                    }

                    float x = u / hw;
                shade = 1 - 0.3f * x * x * x * x - 0.1f * v * v + 0.12f * MathF.Exp(-Sq((x + 0.3f) / 0.2f));
                lu = x;
                return true;
            }

            case PackageShape.Jar:
            {
                if (v < -0.74f)
                {
                    if (v < -1 || MathF.Abs(u) > 0.9f)
                        {
                            return false;
                        }

                        region = Region.Cap;
                    shade = Cylinder(u / 0.9f) * (0.9f + 0.1f * MathF.Sin(u * 40));
                    return true;
                }
                float hw = v < -0.62f ? 0.88f + 0.12f * (v + 0.74f) / 0.12f : v > 0.82f ? MathF.Sqrt(MathF.Max(0, 1 - Sq((v - 0.82f) / 0.18f))) : 1;
                if (v > 1 || MathF.Abs(u) > hw)
                    {
                        return false;
                    }

                    shade = Cylinder(u / hw);
                lu = MathF.Asin(Math.Clamp(u / hw, -1, 1)) / (MathF.PI / 2);
                return true;
            }

            case PackageShape.Carton:
                if (MathF.Abs(u) > 1 || MathF.Abs(v) > 1)
                {
                    return false;
                }

                if (v < -0.9f)
                {
                    if (MathF.Abs(u) > 0.9f)
                    {
                        return false;
                    }

                    shade = 1.08f;
                    region = Region.Seal;
                    return true;
                }
                if (v < -0.6f)
                {
                    shade = u > 0.7f ? 0.62f : 0.86f;
                    return true;
                }
                if (u > 0.7f)
                {
                    region = Region.Side;
                    shade = 0.72f;
                }
                lu = (u + 1) / 1.7f * 2 - 1;
                return true;

            case PackageShape.Pouch:
            {
                float hw = 0.8f + 0.2f * (v + 1) / 2;
                float x = u / hw;
                if (MathF.Abs(x) > 1 || v < -0.96f || v > 0.96f - 0.12f * x * x * x * x * x * x)
                    {
                        return false;
                    }

                    if (v > -0.83f && v < -0.78f)
                    {
                        region = Region.Seal;
                    }

                    shade = 1 - 0.25f * x * x * x * x - 0.08f * v * v + 0.1f * MathF.Exp(-Sq((x + 0.35f) / 0.18f));
                lu = x;
                return true;
            }

            default:
                return false;
        }
    }

    // Lambert-like falloff across a cylinder plus a narrow specular stripe.
    private static float Cylinder(float x)
    {
        float n = MathF.Sqrt(MathF.Max(0, 1 - x * x));
        return 0.55f + 0.45f * n + 0.3f * MathF.Exp(-Sq((x + 0.4f) / 0.12f));
    }

    private static float SmoothStep(float t)
    {
        t = Math.Clamp(t, 0, 1);
        return t * t * (3 - 2 * t);
    }

    private static float Frac(float x) => x - MathF.Floor(x);

    private static float Sq(float x) => x * x;
}

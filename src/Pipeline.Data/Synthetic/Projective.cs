namespace Pipeline.Data.Synthetic;

/// <summary>A 3×3 projective transform of the plane (row-major), used to place a package's local square in the image.</summary>
internal readonly struct Projective
{
    private readonly double _a, _b, _c, _d, _e, _f, _g, _h, _i;

    private Projective(double a, double b, double c, double d, double e, double f, double g, double h, double i)
        => (_a, _b, _c, _d, _e, _f, _g, _h, _i) = (a, b, c, d, e, f, g, h, i);

    /// <summary>
    /// Local (u, v) in [-1,1]² → image: a mild perspective (w = 1 + pu·u + pv·v), then scale to half
    /// sizes (sx, sy), rotate by <paramref name="angle"/> radians, and move the centre to (cx, cy).
    /// </summary>
    public static Projective Place(double cx, double cy, double sx, double sy, double angle, double pu, double pv)
    {
        double cos = Math.Cos(angle), sin = Math.Sin(angle);
        // Rows of R·S, with the perspective row below; the translation is scaled by w so the centre stays put.
        return new Projective(
            cos * sx + cx * pu, -sin * sy + cx * pv, cx,
            sin * sx + cy * pu, cos * sy + cy * pv, cy,
            pu, pv, 1);
    }

    /// <summary>Maps a point.</summary>
    public (double X, double Y) Map(double x, double y)
    {
        double w = _g * x + _h * y + _i;
        return ((_a * x + _b * y + _c) / w, (_d * x + _e * y + _f) / w);
    }

    /// <summary>The inverse transform.</summary>
    public Projective Inverse()
    {
        double A = _e * _i - _f * _h, B = -(_d * _i - _f * _g), C = _d * _h - _e * _g;
        double det = _a * A + _b * B + _c * C;
        double k = 1 / det;
        return new Projective(
            A * k, -(_b * _i - _c * _h) * k, (_b * _f - _c * _e) * k,
            B * k, (_a * _i - _c * _g) * k, -(_a * _f - _c * _d) * k,
            C * k, -(_a * _h - _b * _g) * k, (_a * _e - _b * _d) * k);
    }
}

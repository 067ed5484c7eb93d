namespace Pipeline.Data.Synthetic;

/// <summary>
/// Renders one synthetic photo of a product: background (shelf, table or busy scene), clutter and
/// partly visible other products, the product itself (sometimes twice) with a pose, an occluder
/// (a hand, an object part, a price strip), lighting, blur and noise. Everything random comes from
/// the one <see cref="Random"/> passed in, so an image depends only on its seed.
/// Drawing happens at twice the size and is averaged down, which antialiases edges.
/// </summary>
internal static class SceneRenderer
{
    private static readonly Rgb[] Backgrounds =
        [Rgb.Hex("8c6640"), Rgb.Hex("e6e3dc"), Rgb.Hex("999a9e"), Rgb.Hex("3d3d45"), Rgb.Hex("c7b08a"), Rgb.Hex("5f7380"), Rgb.Hex("d0d8de")];

    private static readonly Rgb[] SkinTones =
        [Rgb.Hex("f1c27d"), Rgb.Hex("e0ac69"), Rgb.Hex("c68642"), Rgb.Hex("8d5524"), Rgb.Hex("ffdbac")];

    /// <summary>Renders an image of <paramref name="size"/>² pixels as interleaved 8-bit RGB.</summary>
    public static byte[] Render(ProductTemplate product, IReadOnlyList<ProductTemplate> others, int size, double difficulty, Random random)
    {
        var canvas = new Canvas(2 * size, 2 * size);
        double d = difficulty;
        int s2 = 2 * size;

        PaintBackground(canvas, random);
        int clutter = (int)Math.Round(random.NextDouble() * 9 * d);
        for (int i = 0; i < clutter; i++)
        {
            PaintClutter(canvas, random);
        }

        if (others.Count > 0 && random.NextDouble() < 0.6 * d)
        {
            PaintDistractor(canvas, others[random.Next(others.Count)], random, s2);
        }

        // The product: size, position, rotation and perspective widen with difficulty.
        var palette = Jitter(product.Palettes[random.Next(product.Palettes.Count)], random);
        double extent = (0.62 + 0.26 * random.NextDouble()) * (1 - 0.3 * d * random.NextDouble());
        double maxAngle = Math.PI / 2 * Math.Min(1, 0.15 + d);
        double angle = (2 * random.NextDouble() - 1) * maxAngle;
        double cx = s2 * (0.5 + (2 * random.NextDouble() - 1) * 0.16 * d);
        double cy = s2 * (0.5 + (2 * random.NextDouble() - 1) * 0.16 * d);
        double pu = (2 * random.NextDouble() - 1) * 0.3 * d, pv = (2 * random.NextDouble() - 1) * 0.3 * d;
        double aspect = product.Aspect * (0.92 + 0.16 * random.NextDouble());
        // The longer side spans `extent` of the image.
        double half = 0.5 * s2 * extent;
        double sx = aspect >= 1 ? half : half * aspect, sy = aspect >= 1 ? half / aspect : half;

        if (random.NextDouble() < 0.22)
        {
            // A second instance beside the first, as on a shelf.
            double side = random.NextDouble() < 0.5 ? -1 : 1;
            var twin = new ProductPainter(product, palette, random);
            var place2 = Projective.Place(cx + side * 1.7 * sx * Math.Cos(angle), cy + side * 1.7 * sx * Math.Sin(angle), sx * 0.95, sy * 0.95, angle, pu, pv);
            canvas.Paint(place2, 1.02f, twin.Shader());
        }

        var painter = new ProductPainter(product, palette, random);
        double shadowOffset = 0.03 * s2;
        canvas.Paint(Projective.Place(cx + shadowOffset, cy + shadowOffset, sx, sy, angle, pu, pv), 1.02f, painter.Shader(shadow: true), 0.3f);
        canvas.Paint(Projective.Place(cx, cy, sx, sy, angle, pu, pv), 1.02f, painter.Shader());

        if (random.NextDouble() < 0.55 * d)
        {
            PaintOccluder(canvas, random, cx, cy, half, s2);
        }

        var image = canvas.Downsample();
        ApplyLighting(image, random, d);
        if (random.NextDouble() < 0.6)
        {
            image.Blur(random.NextDouble() * 1.3 * d);
        }

        return Quantize(image, random, random.NextDouble() * 0.06 * d);
    }

    private static void PaintBackground(Canvas canvas, Random random)
    {
        var baseColor = Jitter(Backgrounds[random.Next(Backgrounds.Length)], random, 0.12);
        double gradient = (random.NextDouble() - 0.5) * 0.5;
        double fx = 0.01 + random.NextDouble() * 0.05, fy = 0.01 + random.NextDouble() * 0.05, phase = random.NextDouble() * 6.283;
        float texture = (float)(0.02 + 0.05 * random.NextDouble());
        int w = canvas.Width, h = canvas.Height;
        // sin(x·fx + y·fy·0.3 + φ)·sin(y·fy + φ), expanded so no sine is taken per pixel.
        var sinX = new float[w];
        var cosX = new float[w];
        for (int x = 0; x < w; x++)
        {
            sinX[x] = (float)Math.Sin(x * fx + phase);
            cosX[x] = (float)Math.Cos(x * fx + phase);
        }
        for (int y = 0; y < h; y++)
        {
            float g = (float)(1 + gradient * ((double)y / h - 0.5));
            float sinY = (float)Math.Sin(y * fy * 0.3), cosY = (float)Math.Cos(y * fy * 0.3), rowWave = texture * (float)Math.Sin(y * fy + phase);
            for (int x = 0; x < w; x++)
            {
                float t = g * (1 + rowWave * (sinX[x] * cosY + cosX[x] * sinY));
                int i = y * w + x;
                canvas.R[i] = baseColor.R * t;
                canvas.G[i] = baseColor.G * t;
                canvas.B[i] = baseColor.B * t;
            }
        }
        // Shelf edges: horizontal bars with a shadow line beneath.
        if (random.NextDouble() < 0.65)
        {
            int shelves = 1 + random.Next(2);
            var edge = random.NextDouble() < 0.5 ? baseColor * 0.55f : Jitter(new Rgb(0.85f, 0.85f, 0.85f), random, 0.1);
            for (int k = 0; k < shelves; k++)
            {
                int y0 = (int)(h * random.NextDouble()), height = (int)(h * (0.04 + 0.05 * random.NextDouble()));
                for (int y = Math.Max(0, y0); y < Math.Min(h, y0 + height + height / 3); y++)
                {
                    var color = y < y0 + height ? edge : baseColor * 0.35f;
                    for (int x = 0; x < w; x++)
                    {
                        canvas.Blend(y * w + x, color, 0.9f);
                    }
                }
            }
        }
    }

    private static void PaintClutter(Canvas canvas, Random random)
    {
        int s = canvas.Width;
        var color = new Rgb((float)random.NextDouble(), (float)random.NextDouble(), (float)random.NextDouble());
        double rx = s * (0.04 + 0.14 * random.NextDouble()), ry = s * (0.04 + 0.14 * random.NextDouble());
        var place = Projective.Place(s * random.NextDouble(), s * random.NextDouble(), rx, ry, random.NextDouble() * Math.PI, 0, 0);
        bool ellipse = random.NextDouble() < 0.5;
        canvas.Paint(place, 1f, (float u, float v, out Rgb c) =>
        {
            c = color;
            return ellipse ? (u * u + v * v <= 1 ? 1f : 0f) : 1f;
        });
    }

    // Another product, partly out of frame, so that context alone does not give the class away.
    private static void PaintDistractor(Canvas canvas, ProductTemplate other, Random random, int s2)
    {
        var painter = new ProductPainter(other, Jitter(other.Palettes[random.Next(other.Palettes.Count)], random), random);
        double half = 0.5 * s2 * (0.45 + 0.3 * random.NextDouble());
        double sx = other.Aspect >= 1 ? half : half * other.Aspect, sy = other.Aspect >= 1 ? half / other.Aspect : half;
        int border = random.Next(4);
        double along = s2 * random.NextDouble(), inset = s2 * (0.02 + 0.1 * random.NextDouble());
        var (cx, cy) = border switch
        {
            0 => (inset, along),
            1 => (s2 - inset, along),
            2 => (along, inset),
            _ => (along, s2 - inset),
        };
        canvas.Paint(Projective.Place(cx, cy, sx, sy, (random.NextDouble() - 0.5) * 0.6, 0, 0), 1.02f, painter.Shader());
    }

    private static void PaintOccluder(Canvas canvas, Random random, double cx, double cy, double half, int s2)
    {
        double kind = random.NextDouble();
        // Enter from a random border towards the product's centre.
        double a = random.NextDouble() * 2 * Math.PI;
        double ex = cx + Math.Cos(a) * half * 1.15, ey = cy + Math.Sin(a) * half * 1.15;
        double toward = a + Math.PI;
        if (kind < 0.5)
        {
            var skin = Jitter(SkinTones[random.Next(SkinTones.Length)], random, 0.08);
            double palm = s2 * (0.13 + 0.05 * random.NextDouble());
            LocalShader disc = (float u, float v, out Rgb c) =>
            {
                c = skin * (0.85f + 0.15f * (1 - u * u));
                return u * u + v * v <= 1 ? 1f : 0f;
            };
            canvas.Paint(Projective.Place(ex, ey, palm, palm * 0.8, toward, 0, 0), 1f, disc);
            for (int f = 0; f < 4; f++)
            {
                double spread = toward + (f - 1.5) * 0.28;
                double length = palm * (0.9 + 0.25 * random.NextDouble());
                double fx = ex + Math.Cos(spread) * (palm * 0.7 + length * 0.6), fy = ey + Math.Sin(spread) * (palm * 0.7 + length * 0.6);
                canvas.Paint(Projective.Place(fx, fy, length * 0.6, palm * 0.22, spread, 0, 0), 1f, disc);
            }
        }
        else if (kind < 0.8)
        {
            var color = new Rgb((float)random.NextDouble(), (float)random.NextDouble(), (float)random.NextDouble());
            double w = half * (0.35 + 0.3 * random.NextDouble());
            canvas.Paint(Projective.Place(ex, ey, w, w * (0.6 + 0.8 * random.NextDouble()), toward, 0, 0), 1f, (float u, float v, out Rgb c) =>
            {
                c = color * (0.8f + 0.2f * (1 - v * v));
                return 1f;
            });
        }
        else
        {
            // A price strip along the shelf edge, across the lower part of the product.
            var strip = random.NextDouble() < 0.5 ? new Rgb(0.96f, 0.96f, 0.93f) : new Rgb(0.97f, 0.85f, 0.2f);
            double y = cy + half * (0.35 + 0.5 * random.NextDouble());
            double h = s2 * (0.05 + 0.05 * random.NextDouble());
            canvas.Paint(Projective.Place(s2 / 2.0, y, s2 / 2.0, h, 0, 0, 0), 1f, (float u, float v, out Rgb c) =>
            {
                bool text = MathF.Abs(v) < 0.35f && (u * 9 - MathF.Floor(u * 9)) < 0.6f && ((int)MathF.Floor(u * 9 + 9) % 3) != 0;
                c = text ? new Rgb(0.1f, 0.1f, 0.1f) : strip;
                return 1f;
            });
        }
    }

    private static void ApplyLighting(Canvas image, Random random, double d)
    {
        float gain = (float)Math.Exp(Normal(random) * (0.05 + 0.22 * d));
        float contrast = (float)Math.Exp(Normal(random) * (0.05 + 0.18 * d));
        var cast = new Rgb((float)Math.Exp(Normal(random) * (0.02 + 0.06 * d)), (float)Math.Exp(Normal(random) * (0.02 + 0.06 * d)), (float)Math.Exp(Normal(random) * (0.02 + 0.06 * d)));
        double direction = random.NextDouble() * 2 * Math.PI;
        float amplitude = (float)(random.NextDouble() * 0.6 * d);
        float dx = (float)Math.Cos(direction), dy = (float)Math.Sin(direction);
        int w = image.Width, h = image.Height;
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                float along = ((x - w / 2f) * dx + (y - h / 2f) * dy) / w;
                float light = gain * (1 + amplitude * along);
                int i = y * w + x;
                image.R[i] = ((image.R[i] * cast.R * light) - 0.5f) * contrast + 0.5f;
                image.G[i] = ((image.G[i] * cast.G * light) - 0.5f) * contrast + 0.5f;
                image.B[i] = ((image.B[i] * cast.B * light) - 0.5f) * contrast + 0.5f;
            }
        }
    }

    private static byte[] Quantize(Canvas image, Random random, double noise)
    {
        int n = image.Width * image.Height;
        var bytes = new byte[3 * n];
        var noiseSource = new PixelNoise((ulong)random.NextInt64());
        float amount = (float)noise;
        for (int i = 0; i < n; i++)
        {
            bytes[3 * i] = ToByte(image.R[i] + amount * noiseSource.Next());
            bytes[3 * i + 1] = ToByte(image.G[i] + amount * noiseSource.Next());
            bytes[3 * i + 2] = ToByte(image.B[i] + amount * noiseSource.Next());
        }
        return bytes;
    }

    private static byte ToByte(float value) => (byte)Math.Clamp((int)MathF.Round(value * 255), 0, 255);

    private static Palette Jitter(Palette palette, Random random)
    {
        // A brand's colours vary with print run and camera; one shared brightness change keeps them coherent.
        float brightness = (float)Math.Exp(Normal(random) * 0.08);
        return palette with
        {
            Body = Jitter(palette.Body, random, 0.05) * brightness,
            Band = Jitter(palette.Band, random, 0.05) * brightness,
            Ink = Jitter(palette.Ink, random, 0.05) * brightness,
            Accent = Jitter(palette.Accent, random, 0.05) * brightness,
        };
    }

    private static Rgb Jitter(Rgb color, Random random, double amount)
        => new(color.R * (float)Math.Exp(Normal(random) * amount), color.G * (float)Math.Exp(Normal(random) * amount), color.B * (float)Math.Exp(Normal(random) * amount));

    private static double Normal(Random random)
    {
        // Box-Muller; 1 - NextDouble() avoids log(0).
        double u1 = 1 - random.NextDouble(), u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}

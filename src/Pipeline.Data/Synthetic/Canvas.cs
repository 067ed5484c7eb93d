namespace Pipeline.Data.Synthetic;

/// <summary>A float RGB image (planar, row-major) that shapes are painted into by inverse mapping.</summary>
internal sealed class Canvas
{
    public Canvas(int width, int height)
    {
        Width = width;
        Height = height;
        R = new float[width * height];
        G = new float[width * height];
        B = new float[width * height];
    }

    public int Width { get; }

    public int Height { get; }

    public float[] R { get; }

    public float[] G { get; }

    public float[] B { get; }

    public void Blend(int index, Rgb color, float alpha)
    {
        R[index] += (color.R - R[index]) * alpha;
        G[index] += (color.G - G[index]) * alpha;
        B[index] += (color.B - B[index]) * alpha;
    }

    /// <summary>
    /// Paints a shape given in local coordinates: <paramref name="place"/> maps local (u, v) to canvas pixels,
    /// <paramref name="extent"/> bounds |u| and |v| of the shape. Each pixel centre is mapped back and shaded.
    /// </summary>
    public void Paint(Projective place, float extent, LocalShader shader, float opacity = 1f)
    {
        double minX = double.MaxValue, minY = double.MaxValue, maxX = double.MinValue, maxY = double.MinValue;
        foreach (var (u, v) in new[] { (-extent, -extent), (extent, -extent), (extent, extent), (-extent, extent) })
        {
            var (x, y) = place.Map(u, v);
            minX = Math.Min(minX, x);
            maxX = Math.Max(maxX, x);
            minY = Math.Min(minY, y);
            maxY = Math.Max(maxY, y);
        }
        int x0 = Math.Max(0, (int)Math.Floor(minX)), x1 = Math.Min(Width - 1, (int)Math.Ceiling(maxX));
        int y0 = Math.Max(0, (int)Math.Floor(minY)), y1 = Math.Min(Height - 1, (int)Math.Ceiling(maxY));
        var inverse = place.Inverse();
        for (int y = y0; y <= y1; y++)
        {
            for (int x = x0; x <= x1; x++)
            {
                var (u, v) = inverse.Map(x + 0.5, y + 0.5);
                if (u < -extent || u > extent || v < -extent || v > extent)
                {
                    continue;
                }

                float alpha = shader((float)u, (float)v, out var color);
                if (alpha > 0)
                {
                    Blend(y * Width + x, color, alpha * opacity);
                }
            }
        }
    }

    /// <summary>Averages 2×2 blocks into a canvas of half the size (the supersampling's antialiasing).</summary>
    public Canvas Downsample()
    {
        var half = new Canvas(Width / 2, Height / 2);
        for (int y = 0; y < half.Height; y++)
        {
            for (int x = 0; x < half.Width; x++)
            {
                int a = 2 * y * Width + 2 * x, b = a + Width, o = y * half.Width + x;
                half.R[o] = 0.25f * (R[a] + R[a + 1] + R[b] + R[b + 1]);
                half.G[o] = 0.25f * (G[a] + G[a + 1] + G[b] + G[b + 1]);
                half.B[o] = 0.25f * (B[a] + B[a + 1] + B[b] + B[b + 1]);
            }
        }
        return half;
    }

    /// <summary>Separable Gaussian blur with edge clamping.</summary>
    public void Blur(double sigma)
    {
        if (sigma < 0.2)
        {
            return;
        }

        int radius = (int)Math.Ceiling(2.5 * sigma);
        var kernel = new float[2 * radius + 1];
        float sum = 0;
        for (int k = -radius; k <= radius; k++)
        {
            sum += kernel[k + radius] = (float)Math.Exp(-k * k / (2 * sigma * sigma));
        }

        for (int k = 0; k < kernel.Length; k++)
        {
            kernel[k] /= sum;
        }

        foreach (var plane in new[] { R, G, B })
        {
            var temp = new float[plane.Length];
            for (int y = 0; y < Height; y++)
            {
                for (int x = 0; x < Width; x++)
                {
                    float acc = 0;
                    for (int k = -radius; k <= radius; k++)
                    {
                        acc += kernel[k + radius] * plane[y * Width + Math.Clamp(x + k, 0, Width - 1)];
                    }

                    temp[y * Width + x] = acc;
                }
            }
            for (int y = 0; y < Height; y++)
            {
                for (int x = 0; x < Width; x++)
                {
                    float acc = 0;
                    for (int k = -radius; k <= radius; k++)
                    {
                        acc += kernel[k + radius] * temp[Math.Clamp(y + k, 0, Height - 1) * Width + x];
                    }

                    plane[y * Width + x] = acc;
                }
            }
        }
    }
}

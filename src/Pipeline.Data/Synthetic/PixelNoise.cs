namespace Pipeline.Data.Synthetic;

/// <summary>
/// Cheap, seeded, approximately standard-normal noise for every pixel: SplitMix64 words, each split
/// into four 16-bit uniforms whose centred sum (Irwin-Hall, n = 4) is scaled to unit variance.
/// Box-Muller per pixel cost more than the rest of the image together.
/// </summary>
internal struct PixelNoise(ulong seed)
{
    private ulong _state = seed;

    public float Next()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        const float scale = 1f / 65536f;
        float sum = (z & 0xFFFF) * scale + ((z >> 16) & 0xFFFF) * scale + ((z >> 32) & 0xFFFF) * scale + (z >> 48) * scale;
        // Four uniforms have mean 2 and variance 4/12; multiply by sqrt(3) for unit variance.
        return (sum - 2f) * 1.7320508f;
    }
}

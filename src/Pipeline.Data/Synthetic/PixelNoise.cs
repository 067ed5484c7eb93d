using Pipeline.Foundation;

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
        var z = SplitMix64.Next(ref _state);
        const float scale = 1f / 65536f;
        float sum = (z & 0xFFFF) * scale + ((z >> 16) & 0xFFFF) * scale + ((z >> 32) & 0xFFFF) * scale + (z >> 48) * scale;
        // Four uniforms have mean 2 and variance 4/12; multiply by sqrt(3) for unit variance.
        return (sum - 2f) * 1.7320508f;
    }
}

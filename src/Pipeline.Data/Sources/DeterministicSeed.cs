namespace Pipeline.Data.Sources;

/// <summary>
/// Mixes integers into a seed for <see cref="System.Random"/> (whose seeded sequence is stable across
/// .NET versions). string.GetHashCode is randomised per process, so it must never be used for this.
/// </summary>
public static class DeterministicSeed
{
    /// <summary>A well-mixed, process-independent seed from the given parts.</summary>
    public static int Combine(params ReadOnlySpan<int> parts)
    {
        ulong h = 0x9E3779B97F4A7C15UL;
        foreach (var part in parts)
        {
            h ^= (uint)part;
            h = Mix(h);
        }
        return (int)(h & 0x7FFFFFFF);
    }

    // SplitMix64's finaliser: every input bit affects every output bit.
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}

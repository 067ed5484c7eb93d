namespace Pipeline.Training;

/// <summary>
/// Derives independent seeds from the run seed and a position (epoch, batch, ...), so that any epoch
/// can be replayed after a resume without replaying the random draws before it. SplitMix64 mixing:
/// stable across .NET versions, unlike <see cref="Random"/>'s unseeded algorithms.
/// </summary>
public static class SeedSequence
{
    /// <summary>A 64-bit seed that depends on every part, in order.</summary>
    public static ulong Derive(long seed, params ReadOnlySpan<long> parts)
    {
        ulong state = Mix(unchecked((ulong)seed) ^ 0x9E3779B97F4A7C15UL);
        foreach (var part in parts)
            state = Mix(state ^ Mix(unchecked((ulong)part) + 0x632BE59BD9B4E019UL));
        return state;
    }

    /// <summary>A non-negative seed for APIs that take a signed long (<c>torch.manual_seed</c>).</summary>
    public static long DeriveSigned(long seed, params ReadOnlySpan<long> parts) => (long)(Derive(seed, parts) >> 1);

    /// <summary>A seeded Fisher-Yates permutation of 0..count-1.</summary>
    public static int[] Permutation(int count, ulong seed)
    {
        var result = new int[count];
        for (int i = 0; i < count; i++)
            result[i] = i;
        ulong state = seed;
        for (int i = count - 1; i > 0; i--)
        {
            state += 0x9E3779B97F4A7C15UL;
            // Multiply-high maps the 64-bit draw onto [0, i] with negligible bias for our sizes.
            int j = (int)Math.BigMul(Mix(state), (ulong)(i + 1), out _);
            (result[i], result[j]) = (result[j], result[i]);
        }
        return result;
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}

namespace Pipeline.Inference;

/// <summary>SplitMix64 seed derivation: a seed per (run seed, position), stable across .NET versions.</summary>
internal static class Seeds
{
    public static ulong Derive(long seed, params ReadOnlySpan<long> parts)
    {
        ulong state = Mix(unchecked((ulong)seed) ^ 0x9E3779B97F4A7C15UL);
        foreach (var part in parts)
            state = Mix(state ^ Mix(unchecked((ulong)part) + 0x632BE59BD9B4E019UL));
        return state;
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}

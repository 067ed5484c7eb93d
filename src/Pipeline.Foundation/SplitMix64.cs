using System.Runtime.CompilerServices;

namespace Pipeline.Foundation;

/// <summary>
/// SplitMix64 (Steele, Lea and Flood 2014): the one seed mixer and cheap generator of the pipeline. Seeds derived
/// here depend on nothing but their inputs, stable across processes and .NET versions (unlike
/// <see cref="string.GetHashCode()"/> or <see cref="Random"/>'s unseeded algorithms), so any epoch, view or image
/// can be replayed on its own after a resume.
/// </summary>
public static class SplitMix64
{
    /// <summary>The generator's increment, 2^64 / φ.</summary>
    public const ulong Golden = 0x9E3779B97F4A7C15UL;

    // A second odd constant so that a part is never mixed the same way as the state it is folded into.
    private const ulong PartOffset = 0x632BE59BD9B4E019UL;

    /// <summary>The finaliser: every input bit affects every output bit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Advances <paramref name="state"/> and returns its next 64-bit word.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Next(ref ulong state) => Mix(state += Golden);

    /// <summary>A 64-bit seed that depends on the run seed and every part (epoch, batch, view, ...), in order.</summary>
    public static ulong Derive(long seed, params ReadOnlySpan<long> parts)
    {
        var state = Mix(unchecked((ulong)seed) ^ Golden);
        foreach (var part in parts)
        {
            state = Mix(state ^ Mix(unchecked((ulong)part) + PartOffset));
        }

        return state;
    }

    /// <summary>A non-negative seed for APIs that take a signed long (<c>torch.manual_seed</c>).</summary>
    public static long DeriveSigned(long seed, params ReadOnlySpan<long> parts) => (long)(Derive(seed, parts) >> 1);

    /// <summary>A non-negative seed for <see cref="Random"/> (whose seeded sequence is stable across .NET versions) from 32-bit parts, in order.</summary>
    public static int CombineToInt32(params ReadOnlySpan<int> parts)
    {
        var h = Golden;
        foreach (var part in parts)
        {
            h = Mix(h ^ (uint)part);
        }

        return (int)(h & 0x7FFFFFFF);
    }

    /// <summary>A seeded Fisher-Yates permutation of 0..count-1.</summary>
    public static int[] Permutation(int count, ulong seed)
    {
        var result = new int[count];
        for (var i = 0; i < count; i++)
        {
            result[i] = i;
        }

        var state = seed;
        for (var i = count - 1; i > 0; i--)
        {
            // Multiply-high maps the 64-bit draw onto [0, i] with negligible bias for our sizes.
            var j = (int)Math.BigMul(Next(ref state), (ulong)(i + 1), out _);
            (result[i], result[j]) = (result[j], result[i]);
        }

        return result;
    }
}

using Pipeline.Foundation;
using Xunit;

namespace Pipeline.Tests.Foundation;

// The pinned values were computed by an independent Python transcription of the formulas the four former copies used
// (Training's SeedSequence, Inference's Seeds, Data's DeterministicSeed and PixelNoise): a change here changes every seed.
public sealed class SplitMix64Tests
{
    [Fact]
    public void The_generator_from_seed_zero_gives_the_published_first_word()
    {
        ulong state = 0;
        Assert.Equal(0xE220A8397B1DCDAFUL, SplitMix64.Next(ref state));
        Assert.Equal(SplitMix64.Golden, state);
    }

    [Fact]
    public void Derived_seeds_are_pinned()
    {
        Assert.Equal(0xBDD732262FEB6E95UL, SplitMix64.Derive(42));
        Assert.Equal(0x300A9C93E0DC0246UL, SplitMix64.Derive(7, 3));
        Assert.Equal(0x23313087C18AA3D9UL, SplitMix64.Derive(-1, 5, -4));
        Assert.Equal(9103136828084963860L, SplitMix64.DeriveSigned(7, 3, -3));
        Assert.Equal(1361630046, SplitMix64.CombineToInt32(1, 2));
        Assert.Equal(1978895527, SplitMix64.CombineToInt32(-5, 0, 7));
    }

    [Fact]
    public void Permutation_is_pinned_and_depends_on_the_seed()
    {
        Assert.Equal([1, 6, 8, 7, 2, 3, 4, 5, 0, 9], SplitMix64.Permutation(10, SplitMix64.Derive(7, 3)));
        Assert.NotEqual(SplitMix64.Permutation(100, SplitMix64.Derive(7, 3)), SplitMix64.Permutation(100, SplitMix64.Derive(7, 4)));
        Assert.Equal(Enumerable.Range(0, 100), SplitMix64.Permutation(100, 5).Order());
    }
}

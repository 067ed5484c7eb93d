using Pipeline.Data.Sources;
using Xunit;

namespace Pipeline.Tests.Data;

public sealed class StratifiedSplitTests
{
    // 3 classes of 10, 5 and 3 images.
    private static readonly int[] Labels = [.. Enumerable.Range(0, 10).Select(_ => 0), .. Enumerable.Range(0, 5).Select(_ => 1), 2, 2, 2];

    [Fact]
    public void Each_class_gives_its_share_and_at_least_one()
    {
        int[] labels = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 3];
        var chosen = StratifiedSplit.Choose(labels, 4, 0.2, 42);
        int Count(int c) => labels.Where((l, i) => l == c && chosen[i]).Count();
        Assert.Equal((2, 1, 1, 0), (Count(0), Count(1), Count(2), Count(3)));
    }

    [Fact]
    public void A_class_always_keeps_one_training_image()
    {
        int[] labels = [0, 0, 1, 1, 1];
        var chosen = StratifiedSplit.Choose(labels, 2, 0.9, 1);
        Assert.Equal(1, chosen[..2].Count(c => c));
        Assert.Equal(2, chosen[2..].Count(c => c));
    }

    [Fact]
    public void Same_seed_same_split_other_seed_other_split()
    {
        Assert.Equal(StratifiedSplit.Choose(Labels, 3, 0.4, 42), StratifiedSplit.Choose(Labels, 3, 0.4, 42));
        Assert.NotEqual(StratifiedSplit.Choose(Labels, 3, 0.4, 42), StratifiedSplit.Choose(Labels, 3, 0.4, 43));
    }

    [Fact]
    public void Zero_fraction_chooses_nothing()
        => Assert.DoesNotContain(true, StratifiedSplit.Choose(Labels, 3, 0, 42));

    [Fact]
    public void Choose_count_is_exact_and_proportional()
    {
        var chosen = StratifiedSplit.ChooseCount(Labels, 3, 9, 5);
        Assert.Equal(9, chosen.Count(c => c));
        // 18 images (10, 5, 3) → 9: 5, 2.5, 1.5 → largest remainders give 5, 3, 1 (ties to the lower class).
        Assert.Equal(5, Labels.Where((l, i) => l == 0 && chosen[i]).Count());
        Assert.Equal(3, Labels.Where((l, i) => l == 1 && chosen[i]).Count());
        Assert.Single(Labels.Where((l, i) => l == 2 && chosen[i]));
    }

    [Fact]
    public void Proportions_sum_exactly()
    {
        Assert.Equal([3, 1, 1], Proportions.Allocate([5, 2, 2], 5));
        Assert.Equal(750, Proportions.Allocate([88, 105, 242, 181], 750).Sum());
    }
}

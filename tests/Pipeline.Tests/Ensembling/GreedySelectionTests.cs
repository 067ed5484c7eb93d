using Pipeline.Ensembling.Combining;
using Pipeline.Ensembling.Configuration;
using Xunit;

namespace Pipeline.Tests.Ensembling;

public sealed class GreedySelectionTests
{
    private static readonly int[] Labels = [0, 1, 2, 0, 1, 2];

    [Fact]
    public void Picks_the_better_member()
    {
        var weak = TestSets.Confident("m", "weak", 0, [0, 0, 0, 0, 0, 0], Labels);
        var strong = TestSets.Confident("m", "strong", 0, [0, 1, 2, 0, 1, 0], Labels);

        var result = GreedySelection.Select([weak, strong], new GreedyConfig { Rounds = 1, InitBest = 0 });

        Assert.Equal([0, 1], result.Counts);
        Assert.Equal(5.0 / 6, result.Accuracy, 12);
    }

    [Fact]
    public void Leaves_out_a_member_that_only_hurts()
    {
        var weak = TestSets.Confident("m", "weak", 0, [0, 0, 0, 0, 0, 0], Labels, confidence: 0.99f);
        var strong = TestSets.Confident("m", "strong", 0, [0, 1, 2, 0, 1, 0], Labels, confidence: 0.6f);

        var result = GreedySelection.Select([weak, strong], new GreedyConfig { Rounds = 10, InitBest = 1 });

        // Any ensemble with the confident weak member drifts to its answers; the best one seen is strong alone.
        Assert.Equal(0, result.Counts[0]);
        Assert.True(result.Counts[1] >= 1);
        Assert.Equal(5.0 / 6, result.Accuracy, 12);
        Assert.Equal(11, result.History.Count);
    }

    [Fact]
    public void Combines_complementary_members_with_replacement()
    {
        // a is right (confidently) on rows 0-3, b on rows 2-5; each is wrong elsewhere but only mildly.
        int[] labels = [0, 1, 2, 0, 1, 2];
        var a = TestSets.Make("m", "a", 0,
        [
            [0.9f, 0.05f, 0.05f], [0.05f, 0.9f, 0.05f], [0.05f, 0.05f, 0.9f], [0.9f, 0.05f, 0.05f],
            [0.4f, 0.3f, 0.3f], [0.3f, 0.4f, 0.3f],
        ], labels);
        var b = TestSets.Make("m", "b", 0,
        [
            [0.3f, 0.4f, 0.3f], [0.3f, 0.3f, 0.4f], [0.05f, 0.05f, 0.9f], [0.9f, 0.05f, 0.05f],
            [0.05f, 0.9f, 0.05f], [0.05f, 0.05f, 0.9f],
        ], labels);

        var result = GreedySelection.Select([a, b], new GreedyConfig { Rounds = 4, InitBest = 1 });

        Assert.Equal(1.0, result.Accuracy, 12);
        Assert.True(result.Counts[0] >= 1 && result.Counts[1] >= 1);
    }

    [Fact]
    public void Ties_go_to_the_lower_index()
    {
        var first = TestSets.Confident("m", "x", 0, [0, 1, 2, 0, 1, 1], Labels);
        var second = TestSets.Confident("m", "y", 0, [0, 1, 2, 0, 1, 1], Labels);

        var result = GreedySelection.Select([first, second], new GreedyConfig { Rounds = 3, InitBest = 0, WithReplacement = false });

        Assert.Equal([1, 0], result.Counts);
        Assert.Equal([0], result.Order);
    }

    [Fact]
    public void Refuses_a_set_without_labels()
    {
        var unlabelled = TestSets.Confident("m", "x", 0, [0, 1], [-1, -1], split: "test");

        Assert.Throws<InvalidOperationException>(() => GreedySelection.Select([unlabelled], new GreedyConfig()));
    }
}

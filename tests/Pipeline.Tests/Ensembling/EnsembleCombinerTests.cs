using Pipeline.Ensembling.Combining;
using Xunit;

namespace Pipeline.Tests.Ensembling;

public sealed class EnsembleCombinerTests
{
    private static readonly double[] Ones3 = [1, 1, 1];

    [Fact]
    public void Vote_takes_the_majority_class()
    {
        var a = TestSets.Make("m", "a", 0, [[0.6f, 0.3f, 0.1f]]);
        var b = TestSets.Make("m", "b", 0, [[0.1f, 0.5f, 0.4f]]);
        var c = TestSets.Make("m", "c", 0, [[0.2f, 0.7f, 0.1f]]);

        var result = EnsembleCombiner.Vote([a, b, c], Ones3);

        Assert.Equal([1], result.Predicted);
        Assert.Equal([1f / 3, 2f / 3, 0f], result.Scores);
    }

    [Fact]
    public void Vote_tie_goes_to_the_lowest_class_index()
    {
        // Two votes for candy (2), two for cake (1): the original's argmax over counts picks cake.
        var sets = new[]
        {
            TestSets.Make("m", "a", 0, [[0.1f, 0.2f, 0.7f]]),
            TestSets.Make("m", "b", 0, [[0.1f, 0.7f, 0.2f]]),
            TestSets.Make("m", "c", 0, [[0.0f, 0.1f, 0.9f]]),
            TestSets.Make("m", "d", 0, [[0.3f, 0.6f, 0.1f]]),
        };

        var result = EnsembleCombiner.Vote(sets, [1, 1, 1, 1]);

        Assert.Equal([1], result.Predicted);
    }

    [Fact]
    public void Weights_count_as_votes()
    {
        var sets = new[]
        {
            TestSets.Make("m", "a", 0, [[0.9f, 0.05f, 0.05f]]),
            TestSets.Make("m", "b", 0, [[0.1f, 0.8f, 0.1f]]),
            TestSets.Make("m", "c", 0, [[0.1f, 0.8f, 0.1f]]),
        };

        Assert.Equal([1], EnsembleCombiner.Vote(sets, [1, 1, 1]).Predicted);
        Assert.Equal([0], EnsembleCombiner.Vote(sets, [3, 1, 1]).Predicted);
    }

    [Fact]
    public void Vote_and_mean_disagree_when_the_minority_is_confident()
    {
        // Two members lean weakly to beans, one is sure of cake: the vote says beans, the mean cake.
        var sets = new[]
        {
            TestSets.Make("m", "a", 0, [[0.40f, 0.35f, 0.25f]]),
            TestSets.Make("m", "b", 0, [[0.40f, 0.35f, 0.25f]]),
            TestSets.Make("m", "c", 0, [[0.00f, 1.00f, 0.00f]]),
        };

        Assert.Equal([0], EnsembleCombiner.Vote(sets, Ones3).Predicted);
        var mean = EnsembleCombiner.Mean(sets, Ones3);
        Assert.Equal([1], mean.Predicted);
        Assert.Equal(0.8f / 3, mean.Scores[0], 6);
        Assert.Equal(1.7f / 3, mean.Scores[1], 6);
        Assert.Equal(0.5f / 3, mean.Scores[2], 6);
    }

    [Fact]
    public void Weighted_mean_matches_hand_computation()
    {
        var a = TestSets.Make("m", "a", 0, [[0.2f, 0.3f, 0.5f]]);
        var b = TestSets.Make("m", "b", 0, [[0.6f, 0.3f, 0.1f]]);

        var result = EnsembleCombiner.Mean([a, b], [1, 3]);

        // (1·0.2 + 3·0.6)/4 = 0.5, (0.3 + 0.9)/4 = 0.3, (0.5 + 0.3)/4 = 0.2.
        Assert.Equal(0.5f, result.Scores[0], 6);
        Assert.Equal(0.3f, result.Scores[1], 6);
        Assert.Equal(0.2f, result.Scores[2], 6);
        Assert.Equal([0], result.Predicted);
    }

    [Fact]
    public void Geometric_mean_is_renormalised_and_vetoed_by_a_near_zero()
    {
        var a = TestSets.Make("m", "a", 0, [[0.50f, 0.40f, 0.10f]]);
        var b = TestSets.Make("m", "b", 0, [[0.001f, 0.50f, 0.499f]]);

        var geometric = EnsembleCombiner.Geometric([a, b], [1, 1]);
        var mean = EnsembleCombiner.Mean([a, b], [1, 1]);

        var raw = new[] { Math.Sqrt(0.5 * 0.001), Math.Sqrt(0.4 * 0.5), Math.Sqrt(0.1 * 0.499) };
        var total = raw.Sum();
        for (var c = 0; c < 3; c++)
        {
            Assert.Equal(raw[c] / total, geometric.Scores[c], 5);
        }

        Assert.Equal(1.0, geometric.Scores.Sum(), 5);
        Assert.Equal([1], geometric.Predicted);
        // Arithmetic mean: beans 0.2505, cake 0.45, candy 0.2995: same winner, but beans keeps far more mass.
        Assert.True(mean.Scores[0] > 5 * geometric.Scores[0]);
    }

    [Fact]
    public void Geometric_epsilon_keeps_a_zero_from_erasing_a_class()
    {
        var a = TestSets.Make("m", "a", 0, [[0f, 1f, 0f]]);
        var b = TestSets.Make("m", "b", 0, [[0f, 0f, 1f]]);

        var result = EnsembleCombiner.Geometric([a, b], [1, 1], epsilon: 1e-7);

        Assert.All(result.Scores, s => Assert.True(float.IsFinite(s)));
        Assert.Equal(1.0, result.Scores.Sum(), 5);
        Assert.Equal([1], result.Predicted);
    }

    [Fact]
    public void Misaligned_sets_are_refused()
    {
        var a = TestSets.Make("m", "a", 0, [[0.2f, 0.3f, 0.5f]]);
        var b = TestSets.Make("m", "b", 0, [[0.2f, 0.3f, 0.5f]]) with { Ids = ["other"] };

        var error = Assert.Throws<InvalidOperationException>(() => EnsembleCombiner.Mean([a, b], [1, 1]));
        Assert.Contains("m/b/tta0", error.Message);
    }
}

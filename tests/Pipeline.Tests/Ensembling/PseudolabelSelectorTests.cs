using Pipeline.Ensembling.Pseudolabels;
using Xunit;

namespace Pipeline.Tests.Ensembling;

public sealed class PseudolabelSelectorTests
{
    private static readonly float[][] Rows =
    [
        [0.95f, 0.03f, 0.02f], // t0: beans, sure
        [0.50f, 0.30f, 0.20f], // t1: beans, unsure
        [0.10f, 0.85f, 0.05f], // t2: cake
        [0.05f, 0.90f, 0.05f], // t3: cake, surest
        [0.20f, 0.70f, 0.10f], // t4: cake
        [0.30f, 0.30f, 0.40f], // t5: candy, unsure
    ];

    [Fact]
    public void Threshold_keeps_confident_images_in_test_order()
    {
        var teacher = TestSets.Make("ensemble", "mean", -1, Rows, split: "test");

        var selection = PseudolabelSelector.Select(teacher, new PseudolabelRule { Threshold = 0.85 });

        Assert.Equal(["t0", "t2", "t3"], selection.Items.Select(p => p.Id));
        Assert.Equal(["beans", "cake", "cake"], selection.Items.Select(p => p.ClassName));
        Assert.Equal([0.95f, 0.85f, 0.90f], selection.Items.Select(p => p.Confidence));
        Assert.Equal([1, 2, 0], selection.CountsPerClass);
        Assert.Equal([2, 3, 1], selection.PredictedPerClass);
    }

    [Fact]
    public void Top_fraction_takes_the_most_confident_of_each_predicted_class()
    {
        var teacher = TestSets.Make("ensemble", "mean", -1, Rows, split: "test");

        var selection = PseudolabelSelector.Select(teacher, new PseudolabelRule { TopFraction = 0.5 });

        // beans: ceil(0.5·2) = 1 → t0; cake: ceil(1.5) = 2 → t3, t2; candy: ceil(0.5) = 1 → t5.
        Assert.Equal(["t0", "t2", "t3", "t5"], selection.Items.Select(p => p.Id));
        Assert.Equal([1, 2, 1], selection.CountsPerClass);
    }

    [Fact]
    public void Ignores_true_labels_even_when_present()
    {
        var teacher = TestSets.Make("ensemble", "mean", -1, Rows, labels: [2, 2, 2, 2, 2, 2], split: "test");

        var selection = PseudolabelSelector.Select(teacher, new PseudolabelRule { Threshold = 0.85 });

        Assert.Equal([0, 1, 1], selection.Items.Select(p => p.Label));
    }

    [Theory]
    [InlineData("val")]
    [InlineData("train")]
    [InlineData("Test")]
    public void Refuses_any_split_but_test(string split)
    {
        var teacher = TestSets.Make("ensemble", "mean", -1, Rows, labels: [0, 0, 1, 1, 1, 2], split: split);

        var error = Assert.Throws<ArgumentException>(() => PseudolabelSelector.Select(teacher, new PseudolabelRule { Threshold = 0.5 }));
        Assert.Contains($"'{split}'", error.Message);
    }

    [Fact]
    public void Rule_needs_exactly_one_criterion()
    {
        var teacher = TestSets.Make("ensemble", "mean", -1, Rows, split: "test");

        Assert.Throws<ArgumentException>(() => PseudolabelSelector.Select(teacher, new PseudolabelRule()));
        Assert.Throws<ArgumentException>(() => PseudolabelSelector.Select(teacher, new PseudolabelRule { Threshold = 0.9, TopFraction = 0.1 }));
        Assert.NotEmpty(new PseudolabelRule().Validate());
        Assert.Empty(new PseudolabelRule { TopFraction = 0.2 }.Validate());
    }
}

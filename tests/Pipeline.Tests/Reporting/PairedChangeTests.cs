using Pipeline.Reporting.Metrics;
using Xunit;

namespace Pipeline.Tests.Reporting;

public sealed class PairedChangeTests
{
    [Fact]
    public void Counts_images_fixed_and_broken_image_by_image()
    {
        int[] labels = [0, 1, 2, 0, 1, 2, 0, 1];
        int[] before = [0, 1, 0, 0, 2, 2, 1, 1];   // wrong at 2, 4, 6
        int[] after = [0, 0, 2, 0, 1, 2, 1, 1];    // wrong at 1, 6: fixes 2 and 4, breaks 1

        var change = PairedChange.Between(before, after, labels);

        Assert.Equal(2, change.Fixed);
        Assert.Equal(1, change.Broken);
        Assert.Equal(1.0, change.PValue, 12);       // 2 x P(X <= 1 | 3, 1/2) = 2 x 4/8, capped at 1
    }

    [Theory]
    [InlineData(7, 1, 0.0703125)]               // 2 x (1 + 8) / 256
    [InlineData(1, 7, 0.0703125)]               // two-sided: symmetric
    [InlineData(3, 0, 0.25)]                    // 2 x 1/8
    [InlineData(10, 0, 0.001953125)]            // 2 x 1/1024
    [InlineData(0, 0, 1.0)]                     // nothing changed
    [InlineData(5, 5, 1.0)]
    public void Exact_McNemar_p_values(int fixedCount, int broken, double expected) =>
        Assert.Equal(expected, PairedChange.McNemarExact(fixedCount, broken), 12);

    [Fact]
    public void A_large_split_does_not_underflow()
    {
        // 2,500 changed images: 0.5^2500 underflows a double, the log-space sum does not.
        var p = PairedChange.McNemarExact(1500, 1000);
        Assert.InRange(p, double.Epsilon, 1e-15);
        Assert.Equal(1.0, PairedChange.McNemarExact(1250, 1250), 12);
    }

    [Fact]
    public void Unpaired_input_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => PairedChange.Between([0, 1], [0], [0, 1]));
        Assert.Equal("paired comparison needs one prediction per image: 2 before, 1 after, 2 labels", error.Message);
    }
}

namespace Pipeline.Benchmarks.Infrastructure;

/// <summary>Medians and per-pair ratios: these VMs drift by up to ±30%, so figures are medians of interleaved repeats.</summary>
public static class Stats
{
    public static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>numerator[i] / denominator[i] for each interleaved pair.</summary>
    public static IReadOnlyList<double> Ratios(IReadOnlyList<double> numerator, IReadOnlyList<double> denominator, double scale = 1)
    {
        int n = Math.Min(numerator.Count, denominator.Count);
        return Enumerable.Range(0, n).Select(i => scale * numerator[i] / denominator[i]).ToList();
    }
}

namespace Pipeline.Data.Sources;

/// <summary>Splits a whole number over weighted buckets by the largest-remainder method, so the parts sum exactly.</summary>
public static class Proportions
{
    /// <summary>Integer parts of <paramref name="total"/> proportional to <paramref name="weights"/>; ties go to the lower index.</summary>
    public static int[] Allocate(IReadOnlyList<double> weights, int total)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var parts = new int[weights.Count];
        double sum = weights.Sum();
        if (sum <= 0 || total <= 0)
        {
            return parts;
        }

        var remainders = new double[weights.Count];
        int given = 0;
        for (int i = 0; i < weights.Count; i++)
        {
            double exact = total * weights[i] / sum;
            parts[i] = (int)Math.Floor(exact);
            remainders[i] = exact - parts[i];
            given += parts[i];
        }
        foreach (var i in Enumerable.Range(0, weights.Count).OrderByDescending(i => remainders[i]).ThenBy(i => i).Take(total - given))
        {
            parts[i]++;
        }

        return parts;
    }
}

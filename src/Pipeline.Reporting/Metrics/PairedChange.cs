namespace Pipeline.Reporting.Metrics;

/// <summary>
/// A ladder step against the step before, image by image on the same split: <see cref="Fixed"/> images
/// the step gets right that the step before got wrong, <see cref="Broken"/> the reverse, and the exact
/// two-sided McNemar p-value (binomial, one half, over the <c>Fixed + Broken</c> images that changed).
/// A gain of one or two images out of a few hundred is noise unless the p-value is small; this is how
/// the report tells the two apart.
/// </summary>
public sealed record PairedChange(int Fixed, int Broken, double PValue)
{
    /// <summary>Compares two sets of predicted labels against the true labels, image by image.</summary>
    public static PairedChange Between(IReadOnlyList<int> before, IReadOnlyList<int> after, IReadOnlyList<int> labels)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        ArgumentNullException.ThrowIfNull(labels);
        if (before.Count != labels.Count || after.Count != labels.Count)
        {
            throw new ArgumentException($"paired comparison needs one prediction per image: {before.Count} before, {after.Count} after, {labels.Count} labels");
        }

        int fixedCount = 0, broken = 0;
        for (var i = 0; i < labels.Count; i++)
        {
            var wasRight = before[i] == labels[i];
            var isRight = after[i] == labels[i];
            if (isRight && !wasRight)
            {
                fixedCount++;
            }
            else if (wasRight && !isRight)
            {
                broken++;
            }
        }

        return new PairedChange(fixedCount, broken, McNemarExact(fixedCount, broken));
    }

    /// <summary>
    /// Two-sided exact McNemar test: twice the smaller binomial tail of Bin(b + c, 1/2), capped at 1 (1 when
    /// nothing changed). Terms are summed in log space so a large split does not underflow.
    /// </summary>
    public static double McNemarExact(int fixedCount, int broken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fixedCount);
        ArgumentOutOfRangeException.ThrowIfNegative(broken);
        var n = fixedCount + broken;
        if (n == 0)
        {
            return 1.0;
        }

        var k = Math.Min(fixedCount, broken);
        var logTerm = n * Math.Log(0.5);   // log of C(n, 0) / 2^n
        var tail = 0.0;
        for (var i = 0; i <= k; i++)
        {
            tail += Math.Exp(logTerm);
            logTerm += Math.Log(n - i) - Math.Log(i + 1);
        }

        return Math.Min(1.0, 2 * tail);
    }
}

namespace Pipeline.Training.Data;

/// <summary>Splits an epoch's sample order into batches.</summary>
public static class BatchPlan
{
    /// <summary>
    /// Batch boundaries (start, length) over <paramref name="count"/> samples. A trailing batch of a
    /// single sample joins the batch before it, because batch norm cannot train on one image.
    /// </summary>
    public static IReadOnlyList<(int Start, int Length)> Split(int count, int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var result = new List<(int, int)>();
        for (int start = 0; start < count; start += batchSize)
        {
            result.Add((start, Math.Min(batchSize, count - start)));
        }

        if (result.Count > 1 && result[^1].Item2 == 1)
        {
            var (start, length) = result[^2];
            result[^2] = (start, length + 1);
            result.RemoveAt(result.Count - 1);
        }
        return result;
    }
}

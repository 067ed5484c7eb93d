namespace Pipeline.Ensembling.Predictions;

/// <summary>Shape checks and per-row arithmetic on <see cref="PredictionSet"/>.</summary>
public static class PredictionSetExtensions
{
    /// <summary>The TTA version that marks plain predictions (the un-augmented image only).</summary>
    public const int PlainTtaVersion = -1;

    /// <summary><c>model/checkpoint/tta1</c> (or <c>/plain</c>): how messages and reports name a set.</summary>
    public static string DisplayName(this PredictionSet set) =>
        $"{set.Model}/{set.Checkpoint}/{TtaName(set.TtaVersion)}";

    /// <summary><c>tta1</c>, or <c>plain</c> for <see cref="PlainTtaVersion"/>.</summary>
    public static string TtaName(int ttaVersion) => ttaVersion == PlainTtaVersion ? "plain" : $"tta{ttaVersion}";

    /// <summary>The predicted class of every row; ties go to the lowest class index.</summary>
    public static int[] Predicted(this PredictionSet set)
    {
        var classes = set.Classes.Count;
        var predicted = new int[set.Ids.Count];
        for (var row = 0; row < predicted.Length; row++)
        {
            predicted[row] = ArgMax(set.Probabilities.AsSpan(row * classes, classes));
        }

        return predicted;
    }

    /// <summary>Index of the largest value; the first one wins a tie (a strict comparison keeps it).</summary>
    public static int ArgMax(ReadOnlySpan<float> values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }
        return best;
    }

    /// <inheritdoc cref="ArgMax(ReadOnlySpan{float})"/>
    public static int ArgMax(ReadOnlySpan<double> values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }
        return best;
    }

    /// <summary>
    /// Throws unless every set covers the same split, the same ids in the same order and the same
    /// classes as the first: combining misaligned rows would silently mix up images.
    /// </summary>
    public static void EnsureAligned(IReadOnlyList<PredictionSet> sets)
    {
        if (sets.Count == 0)
        {
            throw new ArgumentException("No prediction sets to combine.", nameof(sets));
        }

        var first = sets[0];
        foreach (var set in sets.Skip(1))
        {
            if (set.Split != first.Split)
            {
                throw new InvalidOperationException(
                    $"Prediction set {set.DisplayName()} is on split '{set.Split}' but {first.DisplayName()} is on '{first.Split}'.");
            }

            if (!set.Classes.SequenceEqual(first.Classes, StringComparer.Ordinal))
            {
                throw new InvalidOperationException(
                    $"Prediction set {set.DisplayName()} has classes [{string.Join(", ", set.Classes)}] but {first.DisplayName()} has [{string.Join(", ", first.Classes)}].");
            }

            if (!set.Ids.SequenceEqual(first.Ids, StringComparer.Ordinal))
            {
                throw new InvalidOperationException(
                    $"Prediction set {set.DisplayName()} ({set.Split}) lists other ids, or the same ids in another order, than {first.DisplayName()}.");
            }
        }
    }
}

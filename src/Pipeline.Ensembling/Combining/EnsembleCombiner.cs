using Pipeline.Ensembling.Configuration;
using Pipeline.Ensembling.Predictions;

namespace Pipeline.Ensembling.Combining;

/// <summary>Weighted combinations of aligned prediction sets (same split, ids and classes).</summary>
public static class EnsembleCombiner
{
    /// <summary>Combines with <paramref name="method"/> (<c>vote</c>, <c>mean</c> or <c>geometric</c>; greedy is <c>mean</c> with weights from <see cref="GreedySelection"/>).</summary>
    public static EnsembleResult Combine(string method, IReadOnlyList<PredictionSet> sets, IReadOnlyList<double> weights, double geometricEpsilon = 1e-7) =>
        method switch
        {
            EnsembleMethods.Vote => Vote(sets, weights),
            EnsembleMethods.Mean => Mean(sets, weights),
            EnsembleMethods.Geometric => Geometric(sets, weights, geometricEpsilon),
            _ => throw new ArgumentException($"'{method}' cannot be combined directly; use one of vote, mean, geometric.", nameof(method)),
        };

    /// <summary>
    /// Hard vote: each member adds its weight to the class it predicts; the class with the most
    /// weight wins, a tie going to the lowest class index as in the original's script. Scores are the
    /// vote shares.
    /// </summary>
    public static EnsembleResult Vote(IReadOnlyList<PredictionSet> sets, IReadOnlyList<double> weights)
    {
        var (rows, classes) = Check(sets, weights);
        var votes = new double[rows * classes];
        for (var m = 0; m < sets.Count; m++)
        {
            var predicted = sets[m].Predicted();
            for (var row = 0; row < rows; row++)
            {
                votes[row * classes + predicted[row]] += weights[m];
            }
        }
        var total = weights.Sum();
        return Finish(EnsembleMethods.Vote, sets[0], votes, classes, row => { for (var c = 0; c < classes; c++) { votes[row * classes + c] /= total; } });
    }

    /// <summary>Weighted arithmetic mean of the probabilities.</summary>
    public static EnsembleResult Mean(IReadOnlyList<PredictionSet> sets, IReadOnlyList<double> weights)
    {
        var (rows, classes) = Check(sets, weights);
        var sum = new double[rows * classes];
        for (var m = 0; m < sets.Count; m++)
        {
            var probabilities = sets[m].Probabilities;
            var w = weights[m];
            for (var i = 0; i < sum.Length; i++)
            {
                sum[i] += w * probabilities[i];
            }
        }
        var total = weights.Sum();
        return Finish(EnsembleMethods.Mean, sets[0], sum, classes, row => { for (var c = 0; c < classes; c++) { sum[row * classes + c] /= total; } });
    }

    /// <summary>
    /// Weighted geometric mean: the weighted mean of log(max(p, epsilon)), exponentiated and
    /// renormalised per row. It punishes a class any member finds unlikely, unlike the mean.
    /// </summary>
    public static EnsembleResult Geometric(IReadOnlyList<PredictionSet> sets, IReadOnlyList<double> weights, double epsilon = 1e-7)
    {
        if (!(epsilon > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "The floor before the logarithm must be positive.");
        }

        var (rows, classes) = Check(sets, weights);
        var total = weights.Sum();
        var logMean = new double[rows * classes];
        for (var m = 0; m < sets.Count; m++)
        {
            var probabilities = sets[m].Probabilities;
            var w = weights[m] / total;
            for (var i = 0; i < logMean.Length; i++)
            {
                logMean[i] += w * Math.Log(Math.Max(probabilities[i], epsilon));
            }
        }
        return Finish(EnsembleMethods.Geometric, sets[0], logMean, classes, row =>
        {
            var span = logMean.AsSpan(row * classes, classes);
            // Subtracting the row's maximum before exp keeps it from underflowing to all zeros.
            var max = double.NegativeInfinity;
            foreach (var v in span)
            {
                max = Math.Max(max, v);
            }

            var norm = 0.0;
            for (var c = 0; c < classes; c++)
            {
                span[c] = Math.Exp(span[c] - max);
                norm += span[c];
            }
            for (var c = 0; c < classes; c++)
            {
                span[c] /= norm;
            }
        });
    }

    // Decides each row's class on the raw accumulator (before normalising, which cannot reorder a
    // row but could round two near values together), then normalises and narrows to float.
    private static EnsembleResult Finish(string method, PredictionSet template, double[] accumulator, int classes, Action<int> normaliseRow)
    {
        var rows = template.Ids.Count;
        var predicted = new int[rows];
        var scores = new float[accumulator.Length];
        for (var row = 0; row < rows; row++)
        {
            predicted[row] = PredictionSetExtensions.ArgMax(accumulator.AsSpan(row * classes, classes));
            normaliseRow(row);
            for (var c = 0; c < classes; c++)
            {
                scores[row * classes + c] = (float)accumulator[row * classes + c];
            }
        }
        return new EnsembleResult(method, template.Split, template.Ids, template.Classes, template.Labels, scores, predicted);
    }

    private static (int Rows, int Classes) Check(IReadOnlyList<PredictionSet> sets, IReadOnlyList<double> weights)
    {
        PredictionSetExtensions.EnsureAligned(sets);
        if (weights.Count != sets.Count)
        {
            throw new ArgumentException($"{weights.Count} weights for {sets.Count} prediction sets.", nameof(weights));
        }

        for (var m = 0; m < weights.Count; m++)
        {
            if (!(weights[m] >= 0) || double.IsInfinity(weights[m]))
            {
                throw new ArgumentException($"Weight {weights[m]} of {sets[m].DisplayName()} is not a non-negative number.", nameof(weights));
            }
        }
        if (!(weights.Sum() > 0))
        {
            throw new ArgumentException("The weights sum to zero.", nameof(weights));
        }

        return (sets[0].Ids.Count, sets[0].Classes.Count);
    }
}

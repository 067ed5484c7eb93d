using Pipeline.Ensembling.Configuration;
using Pipeline.Ensembling.Predictions;

namespace Pipeline.Ensembling.Combining;

/// <summary>
/// Ensemble selection by greedy forward steps (Caruana, Niculescu-Mizil, Crew and Ksikes, ICML 2004):
/// the ensemble predicts the mean of its members' probabilities; each step adds the candidate that gives
/// the highest validation accuracy, and the best ensemble met on the way is returned. Ties between
/// candidates go to the lower validation log-loss, then to the lower candidate index, so the result
/// never depends on anything but the inputs.
/// </summary>
public static class GreedySelection
{
    /// <summary>Selects from <paramref name="candidates"/> (validation sets with labels, aligned) and returns the pick counts.</summary>
    public static GreedyResult Select(IReadOnlyList<PredictionSet> candidates, GreedyConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        PredictionSetExtensions.EnsureAligned(candidates);
        var labels = candidates[0].Labels;
        if (!labels.Any(l => l >= 0))
        {
            throw new InvalidOperationException(
                $"Greedy selection needs true labels, and split '{candidates[0].Split}' of {candidates[0].DisplayName()} has none.");
        }

        var classes = candidates[0].Classes.Count;
        var sum = new double[candidates[0].Probabilities.Length];
        var counts = new int[candidates.Count];
        var picked = 0;
        var order = new List<int>();
        var history = new List<double>();

        var best = (Accuracy: double.NegativeInfinity, LogLoss: double.PositiveInfinity);
        int[] bestCounts = counts.ToArray();
        var bestLength = 0;

        void Add(int candidate)
        {
            var probabilities = candidates[candidate].Probabilities;
            for (var i = 0; i < sum.Length; i++)
            {
                sum[i] += probabilities[i];
            }

            counts[candidate]++;
            picked++;
            order.Add(candidate);
            var score = Evaluate(sum, null, picked, labels, classes);
            history.Add(score.Accuracy);
            // Only a strictly better ensemble replaces the best: among equals the smaller one stays.
            if (IsBetter(score, best))
            {
                best = score;
                bestCounts = counts.ToArray();
                bestLength = order.Count;
            }
        }

        var individual = Enumerable.Range(0, candidates.Count)
            .Select(k => (Index: k, Score: Evaluate(new double[sum.Length], candidates[k].Probabilities, 1, labels, classes)))
            .OrderByDescending(x => x.Score.Accuracy)
            .ThenBy(x => x.Score.LogLoss)
            .ThenBy(x => x.Index)
            .ToList();
        foreach (var (index, _) in individual.Take(Math.Min(config.InitBest, candidates.Count)))
        {
            Add(index);
        }

        for (var round = 0; round < config.Rounds; round++)
        {
            var choice = -1;
            var choiceScore = (Accuracy: double.NegativeInfinity, LogLoss: double.PositiveInfinity);
            for (var k = 0; k < candidates.Count; k++)
            {
                if (!config.WithReplacement && counts[k] > 0)
                {
                    continue;
                }

                var score = Evaluate(sum, candidates[k].Probabilities, picked + 1, labels, classes);
                if (IsBetter(score, choiceScore))
                {
                    choice = k;
                    choiceScore = score;
                }
            }
            if (choice < 0)
            {
                break;
            }

            Add(choice);
        }

        return new GreedyResult(bestCounts, best.Accuracy, best.LogLoss, order.Take(bestLength).ToArray(), history);
    }

    private static bool IsBetter((double Accuracy, double LogLoss) a, (double Accuracy, double LogLoss) b) =>
        a.Accuracy > b.Accuracy || (a.Accuracy == b.Accuracy && a.LogLoss < b.LogLoss);

    // Scores the mean of (sum + extra) / count without building it: the argmax of a sum is the argmax
    // of its mean, and only the true class's probability enters the log-loss.
    private static (double Accuracy, double LogLoss) Evaluate(double[] sum, float[]? extra, int count, IReadOnlyList<int> labels, int classes)
    {
        int correct = 0, counted = 0;
        double logLoss = 0;
        for (var row = 0; row < labels.Count; row++)
        {
            var label = labels[row];
            if (label < 0)
            {
                continue;
            }

            var offset = row * classes;
            var bestClass = 0;
            var bestValue = double.NegativeInfinity;
            for (var c = 0; c < classes; c++)
            {
                var v = sum[offset + c] + (extra is null ? 0 : extra[offset + c]);
                if (v > bestValue)
                {
                    bestValue = v;
                    bestClass = c;
                }
            }
            if (bestClass == label)
            {
                correct++;
            }

            var p = (sum[offset + label] + (extra is null ? 0 : extra[offset + label])) / count;
            logLoss -= Math.Log(Math.Max(p, 1e-15));
            counted++;
        }
        return ((double)correct / counted, logLoss / counted);
    }
}

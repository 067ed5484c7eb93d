namespace Pipeline.Ensembling.Metrics;

/// <summary>Accuracy, per-class accuracy and confusion matrix of predicted against true class indices; rows whose label is -1 (unknown) are left out.</summary>
public static class ClassificationMetrics
{
    /// <summary>Fraction of labelled rows predicted correctly.</summary>
    public static double Accuracy(IReadOnlyList<int> predicted, IReadOnlyList<int> labels)
    {
        CheckLengths(predicted, labels);
        int correct = 0, counted = 0;
        for (var i = 0; i < labels.Count; i++)
        {
            if (labels[i] < 0)
            {
                continue;
            }

            counted++;
            if (predicted[i] == labels[i])
            {
                correct++;
            }
        }
        if (counted == 0)
        {
            throw new InvalidOperationException("Accuracy needs true labels, and none of these rows has one.");
        }

        return (double)correct / counted;
    }

    /// <summary>Per class, the fraction of its labelled rows predicted correctly (its recall); null for a class with no labelled row.</summary>
    public static double?[] PerClassAccuracy(IReadOnlyList<int> predicted, IReadOnlyList<int> labels, int classCount)
    {
        var matrix = ConfusionMatrix(predicted, labels, classCount);
        var result = new double?[classCount];
        for (var c = 0; c < classCount; c++)
        {
            var total = matrix[c].Sum();
            result[c] = total == 0 ? null : (double)matrix[c][c] / total;
        }
        return result;
    }

    /// <summary>Counts indexed [true class][predicted class].</summary>
    public static int[][] ConfusionMatrix(IReadOnlyList<int> predicted, IReadOnlyList<int> labels, int classCount)
    {
        CheckLengths(predicted, labels);
        var matrix = new int[classCount][];
        for (var c = 0; c < classCount; c++)
        {
            matrix[c] = new int[classCount];
        }

        for (var i = 0; i < labels.Count; i++)
        {
            if (labels[i] < 0)
            {
                continue;
            }

            if (labels[i] >= classCount || predicted[i] < 0 || predicted[i] >= classCount)
            {
                throw new ArgumentException($"Row {i}: label {labels[i]} or prediction {predicted[i]} is outside 0..{classCount - 1}.");
            }

            matrix[labels[i]][predicted[i]]++;
        }
        return matrix;
    }

    /// <summary>Mean negative log-likelihood of the true classes under row-major probabilities, with a floor so a confident mistake costs a finite amount.</summary>
    public static double LogLoss(ReadOnlySpan<double> probabilities, IReadOnlyList<int> labels, int classCount, double floor = 1e-15)
    {
        double sum = 0;
        var counted = 0;
        for (var i = 0; i < labels.Count; i++)
        {
            if (labels[i] < 0)
            {
                continue;
            }

            sum -= Math.Log(Math.Max(probabilities[i * classCount + labels[i]], floor));
            counted++;
        }
        return counted == 0 ? 0 : sum / counted;
    }

    private static void CheckLengths(IReadOnlyList<int> predicted, IReadOnlyList<int> labels)
    {
        if (predicted.Count != labels.Count)
        {
            throw new ArgumentException($"{predicted.Count} predictions for {labels.Count} labels.");
        }
    }
}

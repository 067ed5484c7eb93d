using Pipeline.Ensembling.Predictions;

namespace Pipeline.Ensembling.Pseudolabels;

/// <summary>
/// Picks test images to pseudo-label from a teacher's test predictions. It takes only the test
/// split and refuses any other, so validation images can never leak into a student's training data.
/// </summary>
public static class PseudolabelSelector
{
    /// <summary>The split name the selector accepts.</summary>
    public const string TestSplit = "test";

    /// <summary>Selects by <paramref name="rule"/>; the teacher's true labels, if present, are never read.</summary>
    /// <exception cref="ArgumentException"><paramref name="teacherTest"/> is not on the test split, or the rule sets neither or both criteria.</exception>
    public static PseudolabelSelection Select(PredictionSet teacherTest, PseudolabelRule rule)
    {
        ArgumentNullException.ThrowIfNull(teacherTest);
        ArgumentNullException.ThrowIfNull(rule);
        if (teacherTest.Split != TestSplit)
        {
            throw new ArgumentException(
                $"Pseudolabels come from the test split only, but {teacherTest.DisplayName()} is on split '{teacherTest.Split}': "
                + "labelling validation images would train the student on the data that judges it.",
                nameof(teacherTest));
        }

        if (rule.Threshold is null == rule.TopFraction is null)
        {
            throw new ArgumentException("Set exactly one of threshold and top_fraction.", nameof(rule));
        }

        var classes = teacherTest.Classes.Count;
        var rows = teacherTest.Ids.Count;
        var predicted = teacherTest.Predicted();
        var confidence = new float[rows];
        for (var row = 0; row < rows; row++)
        {
            confidence[row] = teacherTest.Probabilities[row * classes + predicted[row]];
        }

        var predictedPerClass = new int[classes];
        foreach (var p in predicted)
        {
            predictedPerClass[p]++;
        }

        var taken = new bool[rows];
        if (rule.Threshold is { } threshold)
        {
            for (var row = 0; row < rows; row++)
            {
                taken[row] = confidence[row] >= threshold;
            }
        }
        else
        {
            var fraction = rule.TopFraction!.Value;
            for (var c = 0; c < classes; c++)
            {
                // Ceiling so a small class still contributes; the 1e-9 keeps 0.3 × 10 from rounding up to 4.
                var quota = (int)Math.Ceiling(fraction * predictedPerClass[c] - 1e-9);
                var ranked = Enumerable.Range(0, rows)
                    .Where(row => predicted[row] == c)
                    .OrderByDescending(row => confidence[row])
                    .ThenBy(row => row);
                foreach (var row in ranked.Take(quota))
                {
                    taken[row] = true;
                }
            }
        }

        var items = new List<Pseudolabel>();
        var counts = new int[classes];
        for (var row = 0; row < rows; row++)
        {
            if (!taken[row])
            {
                continue;
            }

            items.Add(new Pseudolabel(teacherTest.Ids[row], predicted[row], teacherTest.Classes[predicted[row]], confidence[row]));
            counts[predicted[row]]++;
        }
        return new PseudolabelSelection(items, teacherTest.Classes, counts, predictedPerClass);
    }
}

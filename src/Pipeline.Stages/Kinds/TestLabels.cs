using Pipeline.Data.Preprocess;

namespace Pipeline.Stages.Kinds;

/// <summary>
/// Ground truth of the test set when the data has it (the synthetic set writes test_labels.csv, which
/// Preprocess carries into test_labels.json as aligned <c>ids</c> and class-index <c>labels</c>): lets the
/// report score the submission. Real competition data has none.
/// </summary>
internal static class TestLabels
{
    /// <summary>Class name per test id, or null when the data has no ground truth.</summary>
    public static IReadOnlyDictionary<string, string>? Read(string preprocessDirectory, IReadOnlyList<string> classes) =>
        TestLabelsFile.Read(preprocessDirectory) is { } file
            ? file.Ids.Zip(file.Labels).ToDictionary(p => p.First, p => classes[p.Second])
            : null;

    /// <summary>
    /// The test prediction sets with their ground truth filled in (the stages before never see it), or null when the
    /// data has none or a set holds an id the ground truth lacks.
    /// </summary>
    public static IReadOnlyList<Pipeline.Ensembling.Predictions.PredictionSet>? Label(
        IReadOnlyList<Pipeline.Ensembling.Predictions.PredictionSet> test, string preprocessDirectory)
    {
        if (test.Count == 0 || Read(preprocessDirectory, test[0].Classes) is not { } truth)
        {
            return null;
        }

        var labelled = new List<Pipeline.Ensembling.Predictions.PredictionSet>();
        var index = test[0].Classes.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);
        foreach (var set in test)
        {
            if (!set.Classes.SequenceEqual(test[0].Classes))
            {
                return null;
            }

            var labels = new int[set.Ids.Count];
            for (var i = 0; i < labels.Length; i++)
            {
                if (!truth.TryGetValue(set.Ids[i], out var name) || !index.TryGetValue(name, out labels[i]))
                {
                    return null;
                }
            }

            labelled.Add(set with { Labels = labels });
        }

        return labelled;
    }
}

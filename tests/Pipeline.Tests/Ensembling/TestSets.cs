using Pipeline.Ensembling.Predictions;

namespace Pipeline.Tests.Ensembling;

/// <summary>Hand-made prediction sets for the ensembling tests.</summary>
internal static class TestSets
{
    public static readonly string[] ThreeClasses = ["beans", "cake", "candy"];

    /// <summary>A set over ids <c>v0..vN</c> of <paramref name="split"/>; rows are given as probability triples.</summary>
    public static PredictionSet Make(string model, string checkpoint, int tta, float[][] rows, int[]? labels = null, string split = "val") =>
        new(model, checkpoint, tta, split,
            Enumerable.Range(0, rows.Length).Select(i => $"{split[0]}{i}").ToArray(),
            ThreeClasses,
            rows.SelectMany(r => r).ToArray(),
            labels ?? Enumerable.Repeat(-1, rows.Length).ToArray());

    /// <summary>A set that puts <paramref name="confidence"/> on each row's given class and splits the rest evenly.</summary>
    public static PredictionSet Confident(string model, string checkpoint, int tta, int[] predicted, int[] labels, float confidence = 0.8f, string split = "val") =>
        Make(model, checkpoint, tta,
            predicted.Select(p => Enumerable.Range(0, 3).Select(c => c == p ? confidence : (1 - confidence) / 2).ToArray()).ToArray(),
            labels, split);
}

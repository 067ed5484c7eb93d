namespace Pipeline.Data.Synthetic;

/// <summary>What <see cref="SyntheticGroceries.Generate"/> wrote: the folder, class names and images per class and split.</summary>
public sealed record SyntheticResult(string Root, IReadOnlyList<string> Classes, IReadOnlyList<int> TrainCounts, IReadOnlyList<int> TestCounts, TimeSpan Elapsed);

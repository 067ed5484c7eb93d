namespace Pipeline.Data.Preprocess;

/// <summary>Images of one class in each split; <see cref="Test"/> is null when the test set has no ground truth.</summary>
public sealed record ClassCounts(int Index, string Name, int Train, int Val, int? Test, int Skipped);

namespace Pipeline.Ensembling.Pseudolabels;

/// <summary>The selected images in test order, and how many were taken per class (aligned with <see cref="Classes"/>) out of how many the teacher predicted there.</summary>
public sealed record PseudolabelSelection(
    IReadOnlyList<Pseudolabel> Items,
    IReadOnlyList<string> Classes,
    IReadOnlyList<int> CountsPerClass,
    IReadOnlyList<int> PredictedPerClass);

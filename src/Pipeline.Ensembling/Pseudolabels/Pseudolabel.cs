namespace Pipeline.Ensembling.Pseudolabels;

/// <summary>A test image given the teacher's class: its id, class index and name, and the teacher's probability for that class.</summary>
public sealed record Pseudolabel(string Id, int Label, string ClassName, float Confidence);

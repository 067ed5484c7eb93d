namespace Pipeline.Reporting.Metrics;

/// <summary>An ensemble member as reported: its triplet, the weight used (greedy: pick count) and its own validation accuracy.</summary>
public sealed record MemberMetrics(string Model, string Checkpoint, int Tta, double Weight, double? ValAccuracy);

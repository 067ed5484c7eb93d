namespace Pipeline.Reporting.Html;

/// <summary>A model's epochs in training order, across all its phases.</summary>
public sealed record LearningCurve(string Model, IReadOnlyList<EpochRow> Epochs);

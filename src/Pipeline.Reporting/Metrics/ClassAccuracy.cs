namespace Pipeline.Reporting.Metrics;

/// <summary>Validation accuracy (recall) of one class under the submitted ensemble; null when the class has no validation image.</summary>
public sealed record ClassAccuracy(string Class, double? Accuracy);

namespace Pipeline.Ensembling.Combining;

/// <summary>Validation accuracy of one combination method on the configured members.</summary>
public sealed record MethodAccuracy(string Method, double Accuracy);

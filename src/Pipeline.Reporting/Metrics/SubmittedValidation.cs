namespace Pipeline.Reporting.Metrics;

/// <summary>The submitted ensemble on the validation split: class names, each image's label and predicted class.</summary>
public sealed record SubmittedValidation(IReadOnlyList<string> Classes, IReadOnlyList<int> Labels, IReadOnlyList<int> Predicted);

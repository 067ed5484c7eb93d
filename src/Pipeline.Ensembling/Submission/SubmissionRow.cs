namespace Pipeline.Ensembling.Submission;

/// <summary>One line of <c>submission.csv</c>: a test image and its predicted class name.</summary>
public sealed record SubmissionRow(string ImageId, string Label);

namespace Pipeline.Reporting.Metrics;

/// <summary>
/// One rung of the ablation ladder: validation accuracy, the gain over the rung before (null for
/// the first, or where either is missing), and what was measured. A step that could not be measured
/// (no plain predictions, no student) has a null accuracy and says why in <see cref="Detail"/>.
/// </summary>
public sealed record LadderStep(string Step, double? Accuracy, double? Gain, string Detail);

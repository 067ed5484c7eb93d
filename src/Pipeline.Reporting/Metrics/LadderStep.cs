namespace Pipeline.Reporting.Metrics;

/// <summary>
/// One rung of the ablation ladder: validation accuracy, the gain over the rung before (null for
/// the first, or where either is missing), and what was measured. A step that could not be measured
/// (no plain predictions, no student) has a null accuracy and says why in <see cref="Detail"/>.
/// <see cref="TestAccuracy"/> is the same step scored on the test split where its labels are known (the synthetic
/// default keeps them): every choice (best checkpoint, best TTA version, greedy weights) made on validation, so it
/// is an out-of-sample figure for each step. <see cref="TestChange"/> compares the step with the step before on the
/// test split image by image (images fixed, images broken, McNemar p-value), so a gain can be told from noise.
/// <see cref="TestChangeFromTta"/> compares an ensemble step with the TTA step the same way: what ensembling has added
/// up to this step, where each step alone may be too small to tell from noise.
/// </summary>
public sealed record LadderStep(
    string Step, double? Accuracy, double? Gain, string Detail, double? TestAccuracy = null, PairedChange? TestChange = null, PairedChange? TestChangeFromTta = null);

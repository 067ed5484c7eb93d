namespace Pipeline.Inference;

/// <summary>One written prediction file: file (relative to the TTA output folder), model, checkpoint, TTA version, split, and accuracy when the split is labelled.</summary>
public sealed record TtaOutput(string File, string Model, string Checkpoint, int TtaVersion, string Split, double? Accuracy);

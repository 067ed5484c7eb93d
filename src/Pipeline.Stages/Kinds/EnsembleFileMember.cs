namespace Pipeline.Stages.Kinds;

/// <summary>One member of the submitted ensemble in <c>ensemble.json</c>: its predictions' model, checkpoint and TTA version, weight, validation accuracy.</summary>
public sealed record EnsembleFileMember(string Model, string Checkpoint, int Tta, double Weight, double? ValAccuracy);

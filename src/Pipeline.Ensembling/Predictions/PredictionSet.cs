namespace Pipeline.Ensembling.Predictions;

/// <summary>
/// Class probabilities of one ensemble candidate (model, checkpoint, TTA version) on one split.
/// <see cref="Probabilities"/> is row-major Ids.Count × Classes.Count; <see cref="Labels"/> holds
/// the true class indices when known (validation), else -1.
/// </summary>
public sealed record PredictionSet(
    string Model,
    string Checkpoint,
    int TtaVersion,
    string Split,
    IReadOnlyList<string> Ids,
    IReadOnlyList<string> Classes,
    float[] Probabilities,
    IReadOnlyList<int> Labels);

namespace Pipeline.Training.Checkpoints;

/// <summary>
/// One saved checkpoint as listed in <c>checkpoints/manifest.json</c>: its name (<c>&lt;phase&gt;_e&lt;epoch&gt;</c>),
/// phase, 1-based epoch of the whole run, file relative to the training output folder, SHA-256 of
/// the file, validation metrics at that epoch and why it was kept (<c>phase_end</c>, <c>last_k</c>, <c>final</c>).
/// </summary>
public sealed record CheckpointEntry(
    string Name,
    string Phase,
    int Epoch,
    string File,
    string Sha256,
    double? ValLoss,
    double? ValAccuracy,
    IReadOnlyList<string> Reasons);

namespace Pipeline.Inference;

/// <summary>A trained checkpoint to predict with: its name (<c>&lt;phase&gt;_e&lt;epoch&gt;</c>), 1-based epoch and file path.</summary>
public sealed record TtaCheckpoint(string Name, int Epoch, string Path);

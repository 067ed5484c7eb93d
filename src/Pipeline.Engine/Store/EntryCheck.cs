namespace Pipeline.Engine;

/// <summary>Result of verifying a store entry: its state, its manifest when valid, the first problem when corrupt.</summary>
public sealed record EntryCheck(EntryState State, OutputManifest? Manifest = null, string? Problem = null);

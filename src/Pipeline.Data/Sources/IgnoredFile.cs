namespace Pipeline.Data.Sources;

/// <summary>A file a reader saw and did not use, with the reason, so nothing is dropped silently.</summary>
public sealed record IgnoredFile(string Path, string Reason);

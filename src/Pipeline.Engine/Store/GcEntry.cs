namespace Pipeline.Engine;

/// <summary>A store entry as garbage collection sees it: size, the run that made it, and when a build last used it.</summary>
public sealed record GcEntry(string Key, string? RunId, long Bytes, DateTimeOffset LastUsed);

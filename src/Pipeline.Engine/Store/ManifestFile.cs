namespace Pipeline.Engine;

/// <summary>One file of a store entry: path relative to the entry ('/' separators), size in bytes, content hash.</summary>
public sealed record ManifestFile(string Path, long Size, string Hash);

namespace Pipeline.Engine;

/// <summary>A finished (or known cached) upstream run as a downstream run sees it.</summary>
internal sealed record UpstreamOutput(string Target, string Key, string ContentHash, string Directory);

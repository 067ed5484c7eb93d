namespace Pipeline.Engine;

/// <summary>An upstream run's committed (read-only) output folder, as a stage sees it.</summary>
public sealed record StageUpstream(string RunId, string Target, string Kind, string Directory);

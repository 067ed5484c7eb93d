namespace Pipeline.Engine;

/// <summary>
/// A friendly path under the artifacts folder (<c>models/resnet</c>, <c>submission.csv</c>) that points into a
/// run's committed store entry: the whole entry folder when <see cref="File"/> is null, otherwise one file of it.
/// Friendly paths are conveniences, never the source of truth.
/// </summary>
/// <param name="Path">Path relative to the artifacts folder, with '/' separators; must stay inside it.</param>
/// <param name="File">Optional file inside the run's output folder to publish instead of the whole folder.</param>
public sealed record PublishLink(string Path, string? File = null);

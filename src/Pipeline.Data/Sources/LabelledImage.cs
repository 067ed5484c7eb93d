namespace Pipeline.Data.Sources;

/// <summary>
/// One image of a source: its id, its class label (null for an unlabelled test image), where its pixels
/// are (a file, or <see cref="Raw"/> in memory) and where it was named, for messages.
/// </summary>
public sealed record LabelledImage(string Id, string? Label, string? FilePath, RawImage? Raw, SourceOrigin Origin)
{
    /// <summary>An image stored in a file.</summary>
    public static LabelledImage FromFile(string id, string? label, string filePath, SourceOrigin origin) => new(id, label, filePath, null, origin);

    /// <summary>An image already in memory.</summary>
    public static LabelledImage FromPixels(string id, string? label, RawImage raw, SourceOrigin origin) => new(id, label, null, raw, origin);
}

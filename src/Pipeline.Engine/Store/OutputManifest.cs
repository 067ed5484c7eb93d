using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipeline.Engine;

/// <summary>
/// The <c>manifest.json</c> of a store entry: every output file with size and hash, the stage's metrics, and
/// provenance. <see cref="ContentHash"/> covers only file paths and hashes, so a deterministic rerun producing the
/// same bytes yields the same hash and leaves downstream runs cached.
/// </summary>
public sealed record OutputManifest
{
    /// <summary>File name of the manifest inside a store entry (reserved: a stage must not write it).</summary>
    public const string FileName = "manifest.json";

    /// <summary>Current format version.</summary>
    public const int CurrentVersion = 1;

    /// <summary>Format version.</summary>
    public int Version { get; init; } = CurrentVersion;

    /// <summary>The run key the entry is stored under.</summary>
    public required string Key { get; init; }

    /// <summary>The run that produced it.</summary>
    public required string RunId { get; init; }

    /// <summary>The stage kind that produced it.</summary>
    public required string Kind { get; init; }

    /// <summary>When it was committed (provenance only; never part of a key or hash).</summary>
    public DateTimeOffset Created { get; init; }

    /// <summary>How long the stage ran, in seconds (provenance for reports; never part of a key or hash).</summary>
    public double? DurationSeconds { get; init; }

    /// <summary>Hash of the file list (paths and hashes): what downstream keys depend on.</summary>
    public required string ContentHash { get; init; }

    /// <summary>Every file of the entry except the manifest, in ordinal path order.</summary>
    public required IReadOnlyList<ManifestFile> Files { get; init; }

    /// <summary>The headline metric from the stage's <c>metrics.json</c>, if it wrote one.</summary>
    public HeadlineMetric? Headline { get; init; }

    /// <summary>The whole <c>metrics.json</c> the stage wrote, if any.</summary>
    public JsonObject? Metrics { get; init; }

    /// <summary>The content hash of a file list.</summary>
    public static string ComputeContentHash(IEnumerable<ManifestFile> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var listing = new StringBuilder();
        foreach (var file in files.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            listing.Append(file.Path).Append('\n').Append(file.Hash).Append('\n');
        }

        return ContentHasher.HashString(listing.ToString());
    }

    /// <summary>Serialises the manifest.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, EngineJsonContext.Files.OutputManifest);

    /// <summary>Parses a manifest; throws <see cref="JsonException"/> or <see cref="InvalidDataException"/> when damaged.</summary>
    public static OutputManifest Parse(string json)
    {
        var manifest = JsonSerializer.Deserialize(json, EngineJsonContext.Files.OutputManifest)
            ?? throw new InvalidDataException("manifest is empty");
        if (manifest.Files is null || manifest.Files.Any(f => f is null || string.IsNullOrEmpty(f.Path) || string.IsNullOrEmpty(f.Hash)))
        {
            throw new InvalidDataException("manifest lists an incomplete file");
        }

        return manifest;
    }
}

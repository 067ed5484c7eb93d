using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Foundation;

namespace Pipeline.Engine;

/// <summary>
/// The content-addressed store. An entry becomes visible only by an atomic rename of its finished work folder,
/// and is verified against its manifest before every use; a corrupt entry is never returned as valid.
/// Verification results are remembered for the lifetime of the instance (one build or plan).
/// </summary>
public sealed class ArtifactStore
{
    private const string MetricsFileName = "metrics.json";
    private readonly ConcurrentDictionary<string, EntryCheck> _checked = new(StringComparer.Ordinal);

    /// <summary>Creates a store over a layout, hashing with <paramref name="hasher"/>.</summary>
    public ArtifactStore(ArtifactLayout layout, ContentHasher hasher)
    {
        Layout = layout ?? throw new ArgumentNullException(nameof(layout));
        Hasher = hasher ?? throw new ArgumentNullException(nameof(hasher));
    }

    /// <summary>The folder layout.</summary>
    public ArtifactLayout Layout { get; }

    /// <summary>The hasher used to verify and commit entries.</summary>
    public ContentHasher Hasher { get; }

    /// <summary>
    /// Verifies the entry of a key: the manifest parses and belongs to the key, the file list hashes to the recorded
    /// content hash, and every file exists with the recorded size and hash, with no extra files.
    /// </summary>
    public EntryCheck Check(string key) => _checked.GetOrAdd(key, Verify);

    /// <summary>Makes a corrupt or superseded entry disappear: renamed away at once (atomic), then deleted.</summary>
    public void Discard(string key)
    {
        _checked.TryRemove(key, out _);
        var entry = Layout.EntryDirectory(key);
        if (!Directory.Exists(entry))
        {
            return;
        }

        Directory.CreateDirectory(Layout.TmpDirectory);
        var aside = Path.Combine(Layout.TmpDirectory, $"discard-{key}-{Guid.NewGuid():N}");
        Directory.Move(entry, aside);
        Directory.Delete(aside, recursive: true);
    }

    /// <summary>
    /// Creates (or reuses, for resuming) the work folder of a key. A manifest left by a commit that was interrupted
    /// is removed: it is written again when the run commits.
    /// </summary>
    public string PrepareWorkDirectory(string key)
    {
        var work = Layout.WorkDirectory(key);
        Directory.CreateDirectory(work);
        var staleManifest = Path.Combine(work, OutputManifest.FileName);
        if (File.Exists(staleManifest))
        {
            File.Delete(staleManifest);
        }

        return work;
    }

    /// <summary>
    /// Hashes the finished work folder of a key into a manifest and moves it into the store by one rename.
    /// A previous entry of the same key (a forced rerun) is discarded first.
    /// </summary>
    public OutputManifest Commit(string key, string runId, string kind, DateTimeOffset created, TimeSpan? duration = null)
    {
        var work = Layout.WorkDirectory(key);
        if (!Directory.Exists(work))
        {
            throw new InvalidOperationException($"Work folder of {runId} is missing: {work}");
        }

        if (File.Exists(Path.Combine(work, OutputManifest.FileName)))
        {
            throw new InvalidOperationException(
                $"Stage run {runId} wrote '{OutputManifest.FileName}' at the top of its output folder; that name is reserved for the store.");
        }

        var files = ContentHasher.ListFiles(work)
            .Select(f => new ManifestFile(f.Relative, new FileInfo(f.Full).Length, Hasher.HashFile(f.Full)))
            .ToList();
        var (headline, metrics) = ReadMetrics(Path.Combine(work, MetricsFileName));
        var manifest = new OutputManifest
        {
            Key = key,
            RunId = runId,
            Kind = kind,
            Created = created,
            DurationSeconds = duration is { } d ? Math.Round(d.TotalSeconds, 3) : null,
            ContentHash = OutputManifest.ComputeContentHash(files),
            Files = files,
            Headline = headline,
            Metrics = metrics,
        };
        AtomicFile.WriteAllText(Path.Combine(work, OutputManifest.FileName), manifest.ToJson());

        Discard(key);
        var entry = Layout.EntryDirectory(key);
        Directory.CreateDirectory(Path.GetDirectoryName(entry)!);
        Directory.Move(work, entry);
        Hasher.StatCache.MoveFolder(work, entry);
        _checked[key] = new EntryCheck(EntryState.Valid, manifest);
        return manifest;
    }

    /// <summary>
    /// Moves a folder whose files were already checked against <paramref name="manifest"/> (a pulled entry, with its
    /// manifest written) into the store by one rename, and remembers the files' hashes so they are not read again.
    /// </summary>
    public void Adopt(string key, string folder, OutputManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var hashedAt = DateTime.UtcNow.Ticks;
        Discard(key);
        var entry = Layout.EntryDirectory(key);
        Directory.CreateDirectory(Path.GetDirectoryName(entry)!);
        Directory.Move(folder, entry);
        foreach (var file in manifest.Files)
        {
            var info = new FileInfo(Path.Combine(entry, file.Path));
            Hasher.StatCache.Set(info.FullName, info.Length, info.LastWriteTimeUtc.Ticks, file.Hash, hashedAt);
        }

        _checked[key] = new EntryCheck(EntryState.Valid, manifest);
    }

    private EntryCheck Verify(string key)
    {
        var entry = Layout.EntryDirectory(key);
        if (!Directory.Exists(entry))
        {
            return new EntryCheck(EntryState.Missing);
        }

        OutputManifest manifest;
        try
        {
            manifest = OutputManifest.Parse(File.ReadAllText(Path.Combine(entry, OutputManifest.FileName)));
        }
        catch (Exception e) when (e is IOException or JsonException or InvalidDataException or UnauthorizedAccessException)
        {
            return Corrupt($"{OutputManifest.FileName}: unreadable ({FirstLine(e.Message)})");
        }

        if (manifest.Key != key)
        {
            return Corrupt($"{OutputManifest.FileName}: belongs to key {manifest.Key}");
        }

        if (OutputManifest.ComputeContentHash(manifest.Files) != manifest.ContentHash)
        {
            return Corrupt($"{OutputManifest.FileName}: file list does not match its content hash");
        }

        var actual = ContentHasher.ListFiles(entry)
            .Where(f => f.Relative != OutputManifest.FileName)
            .ToDictionary(f => f.Relative, f => f.Full, StringComparer.Ordinal);
        foreach (var file in manifest.Files)
        {
            if (!actual.Remove(file.Path, out var full))
            {
                return Corrupt($"{file.Path}: missing");
            }

            var size = new FileInfo(full).Length;
            if (size != file.Size)
            {
                return Corrupt($"{file.Path}: size {size}, expected {file.Size}");
            }

            if (Hasher.HashFile(full) != file.Hash)
            {
                return Corrupt($"{file.Path}: content hash mismatch");
            }
        }

        if (actual.Count > 0)
        {
            return Corrupt($"{actual.Keys.Order(StringComparer.Ordinal).First()}: not in the manifest");
        }

        return new EntryCheck(EntryState.Valid, manifest);

        static EntryCheck Corrupt(string problem) => new(EntryState.Corrupt, null, problem);
    }

    private static (HeadlineMetric? Headline, JsonObject? Metrics) ReadMetrics(string path)
    {
        if (!File.Exists(path))
        {
            return (null, null);
        }

        try
        {
            if (JsonNode.Parse(File.ReadAllText(path)) is not JsonObject metrics)
            {
                return (null, null);
            }

            HeadlineMetric? headline = null;
            if (metrics["headline"] is JsonObject h
                && h["name"]?.GetValueKind() == JsonValueKind.String
                && h["value"]?.GetValueKind() == JsonValueKind.Number)
            {
                headline = new HeadlineMetric(h["name"]!.GetValue<string>(), h["value"]!.GetValue<double>());
            }

            return (headline, metrics);
        }
        catch (JsonException)
        {
            // A stage's metrics are informative; bad ones must not fail an otherwise good run.
            return (null, null);
        }
    }

    private static string FirstLine(string text)
    {
        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        return newline < 0 ? text : text[..newline].TrimEnd();
    }
}

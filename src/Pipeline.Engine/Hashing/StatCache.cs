using System.Text.Json;
using Pipeline.Foundation;

namespace Pipeline.Engine;

/// <summary>
/// Remembers content hashes by (full path, size, modification time) so that checking an unchanged dataset or store
/// entry reads no file contents. A file is trusted only when it was hashed clearly after its last modification
/// (the racy-timestamp rule git uses): a write within the file system's timestamp granularity after hashing would
/// otherwise go unnoticed. It is only a cache: a missing or unreadable file just means hashing again.
/// </summary>
public sealed class StatCache
{
    private const int FormatVersion = 1;
    private readonly Dictionary<string, StatCacheEntry> _entries;
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly long _racyTicks;

    private StatCache(string? path, Dictionary<string, StatCacheEntry> entries, TimeSpan racyWindow)
    {
        FilePath = path;
        _entries = entries;
        _racyTicks = racyWindow.Ticks;
    }

    /// <summary>Where the cache is saved; null for an in-memory cache.</summary>
    public string? FilePath { get; }

    /// <summary>Number of remembered files.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>An empty cache that is never saved.</summary>
    public static StatCache InMemory(TimeSpan racyWindow) => new(null, new Dictionary<string, StatCacheEntry>(StringComparer.Ordinal), racyWindow);

    /// <summary>Loads the cache from <paramref name="path"/>; a missing or damaged file gives an empty cache.</summary>
    public static StatCache Load(string path, TimeSpan racyWindow)
    {
        var entries = new Dictionary<string, StatCacheEntry>(StringComparer.Ordinal);
        try
        {
            if (File.Exists(path))
            {
                using var document = JsonDocument.Parse(File.ReadAllBytes(path));
                var root = document.RootElement;
                if (root.GetProperty("version").GetInt32() == FormatVersion)
                {
                    foreach (var property in root.GetProperty("entries").EnumerateObject())
                    {
                        var values = property.Value;
                        entries[property.Name] = new StatCacheEntry(
                            values[0].GetInt64(), values[1].GetInt64(), values[2].GetInt64(), values[3].GetString()!);
                    }
                }
            }
        }
        catch (Exception e) when (e is JsonException or IOException or InvalidOperationException or KeyNotFoundException or IndexOutOfRangeException or FormatException)
        {
            entries.Clear();
        }

        return new StatCache(path, entries, racyWindow);
    }

    /// <summary>The remembered hash of a file whose stat still matches and which was hashed safely after its last write.</summary>
    public bool TryGet(string fullPath, long size, long modifiedTicks, out string hash)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(fullPath, out var entry)
                && entry.Size == size
                && entry.ModifiedTicks == modifiedTicks
                && entry.HashedAtTicks - entry.ModifiedTicks > _racyTicks)
            {
                _used.Add(fullPath);
                hash = entry.Hash;
                return true;
            }
        }

        hash = "";
        return false;
    }

    /// <summary>Remembers a hash computed at <paramref name="hashedAtTicks"/> (UTC ticks) for a file with that stat.</summary>
    public void Set(string fullPath, long size, long modifiedTicks, string hash, long hashedAtTicks)
    {
        lock (_gate)
        {
            _entries[fullPath] = new StatCacheEntry(size, modifiedTicks, hashedAtTicks, hash);
            _used.Add(fullPath);
        }
    }

    /// <summary>Moves the entries under one folder to another after the folder was renamed (rename keeps size and mtime).</summary>
    public void MoveFolder(string fromFolder, string toFolder)
    {
        var from = WithSeparator(Path.GetFullPath(fromFolder));
        var to = WithSeparator(Path.GetFullPath(toFolder));
        lock (_gate)
        {
            foreach (var path in _entries.Keys.Where(p => p.StartsWith(from, StringComparison.Ordinal)).ToList())
            {
                var entry = _entries[path];
                _entries.Remove(path);
                _used.Remove(path);
                var moved = to + path[from.Length..];
                _entries[moved] = entry;
                _used.Add(moved);
            }
        }
    }

    /// <summary>
    /// Saves atomically. Entries not used in this session whose file is gone are dropped so the cache does not grow
    /// with every deleted work folder.
    /// </summary>
    public void Save()
    {
        if (FilePath is null)
        {
            return;
        }

        byte[] bytes;
        lock (_gate)
        {
            foreach (var path in _entries.Keys.Where(p => !_used.Contains(p) && !File.Exists(p)).ToList())
            {
                _entries.Remove(path);
            }

            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream))
            {
                writer.WriteStartObject();
                writer.WriteNumber("version", FormatVersion);
                writer.WriteStartObject("entries");
                foreach (var (path, entry) in _entries.OrderBy(e => e.Key, StringComparer.Ordinal))
                {
                    writer.WriteStartArray(path);
                    writer.WriteNumberValue(entry.Size);
                    writer.WriteNumberValue(entry.ModifiedTicks);
                    writer.WriteNumberValue(entry.HashedAtTicks);
                    writer.WriteStringValue(entry.Hash);
                    writer.WriteEndArray();
                }

                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            bytes = stream.ToArray();
        }

        AtomicFile.WriteAllBytes(FilePath, bytes);
    }

    private static string WithSeparator(string path) =>
        path.EndsWith(Path.DirectorySeparatorChar) ? path : path + Path.DirectorySeparatorChar;
}

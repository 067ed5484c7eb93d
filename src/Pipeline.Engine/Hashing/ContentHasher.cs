using System.Buffers;
using System.IO.Hashing;
using System.Text;

namespace Pipeline.Engine;

/// <summary>
/// Content hashes (XxHash128, 32 lowercase hex digits) of strings, files and folders, with a <see cref="StatCache"/>
/// so that unchanged files are not read again. Thread-safe. Counts the files it actually reads, so tests can
/// observe that a check rehashed nothing.
/// </summary>
public sealed class ContentHasher
{
    // Large sequential reads keep hashing at disk speed; XxHash128 itself runs at many GB/s.
    private const int BufferSize = 1 << 20;
    private long _filesHashed;
    private long _bytesHashed;

    /// <summary>Creates a hasher over a stat cache.</summary>
    public ContentHasher(StatCache statCache)
    {
        StatCache = statCache ?? throw new ArgumentNullException(nameof(statCache));
    }

    /// <summary>The stat cache consulted before reading a file.</summary>
    public StatCache StatCache { get; }

    /// <summary>Files whose contents were read (stat cache misses) since creation.</summary>
    public long FilesHashed => Interlocked.Read(ref _filesHashed);

    /// <summary>Bytes read for hashing since creation.</summary>
    public long BytesHashed => Interlocked.Read(ref _bytesHashed);

    /// <summary>Hash of bytes.</summary>
    public static string HashBytes(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(XxHash128.Hash(bytes));

    /// <summary>Hash of the UTF-8 bytes of a string.</summary>
    public static string HashString(string text) => HashBytes(Encoding.UTF8.GetBytes(text));

    /// <summary>Hash of a file's or a folder's content; throws <see cref="FileNotFoundException"/> when neither exists.</summary>
    public string HashPath(string path)
    {
        if (File.Exists(path))
        {
            return HashFile(path);
        }

        if (Directory.Exists(path))
        {
            return HashDirectory(path);
        }

        throw new FileNotFoundException($"Input not found: {path}", path);
    }

    /// <summary>Hash of a file's content, from the stat cache when its size and modification time are unchanged.</summary>
    public string HashFile(string path)
    {
        var info = new FileInfo(Path.GetFullPath(path));
        if (!info.Exists)
        {
            throw new FileNotFoundException($"File not found: {path}", path);
        }

        var size = info.Length;
        var modified = info.LastWriteTimeUtc.Ticks;
        if (StatCache.TryGet(info.FullName, size, modified, out var cached))
        {
            return cached;
        }

        // The stat is taken before reading: if the file changes while we read, its new mtime misses next time.
        var hashedAt = DateTime.UtcNow.Ticks;
        var hash = HashContent(info.FullName);
        StatCache.Set(info.FullName, size, modified, hash, hashedAt);
        return hash;
    }

    /// <summary>
    /// Hash of a folder: its files' relative paths ('/' separators, ordinal order) with their content hashes.
    /// Names and contents count; timestamps and the folder's own location do not.
    /// </summary>
    public string HashDirectory(string path)
    {
        var listing = new StringBuilder();
        foreach (var (relative, full) in ListFiles(path))
        {
            listing.Append(relative).Append('\n').Append(HashFile(full)).Append('\n');
        }

        return HashString(listing.ToString());
    }

    /// <summary>Files under a folder as (relative path with '/' separators, full path), in ordinal order of the relative path.</summary>
    public static IReadOnlyList<(string Relative, string Full)> ListFiles(string directory)
    {
        var root = Path.GetFullPath(directory);
        var options = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            AttributesToSkip = 0,
            IgnoreInaccessible = false,
        };
        return Directory.EnumerateFiles(root, "*", options)
            .Select(full => (Relative: Path.GetRelativePath(root, full).Replace(Path.DirectorySeparatorChar, '/'), Full: full))
            .OrderBy(f => f.Relative, StringComparer.Ordinal)
            .ToList();
    }

    private string HashContent(string fullPath)
    {
        var hasher = new XxHash128();
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        long total = 0;
        try
        {
            using var stream = new FileStream(
                fullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
            int read;
            while ((read = stream.Read(buffer, 0, BufferSize)) > 0)
            {
                hasher.Append(buffer.AsSpan(0, read));
                total += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        Interlocked.Increment(ref _filesHashed);
        Interlocked.Add(ref _bytesHashed, total);
        return Convert.ToHexStringLower(hasher.GetCurrentHash());
    }
}

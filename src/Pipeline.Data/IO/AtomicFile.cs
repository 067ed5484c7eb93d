namespace Pipeline.Data.IO;

/// <summary>
/// A file written under a temporary name (<c>name.tmp-&lt;pid&gt;</c>) and moved over the target only on
/// <see cref="Commit"/>, so a reader never sees half a file. Disposing without committing deletes it.
/// </summary>
public sealed class AtomicFile : IDisposable
{
    private readonly string _temporary;
    private bool _committed;

    private AtomicFile(string path)
    {
        TargetPath = path;
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
            Directory.CreateDirectory(directory);
        _temporary = $"{path}.tmp-{Environment.ProcessId}";
        Stream = new FileStream(_temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
    }

    /// <summary>The file that <see cref="Commit"/> writes.</summary>
    public string TargetPath { get; }

    /// <summary>The stream to write to.</summary>
    public FileStream Stream { get; }

    /// <summary>Starts writing <paramref name="path"/>.</summary>
    public static AtomicFile Create(string path) => new(path);

    /// <summary>Writes all of <paramref name="bytes"/> to <paramref name="path"/> atomically.</summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        using var file = Create(path);
        file.Stream.Write(bytes);
        file.Commit();
    }

    /// <summary>Writes UTF-8 text (no byte order mark) to <paramref name="path"/> atomically.</summary>
    public static void WriteAllText(string path, string text) => WriteAllBytes(path, new System.Text.UTF8Encoding(false).GetBytes(text));

    /// <summary>Flushes to disk and moves the file into place.</summary>
    public void Commit()
    {
        Stream.Flush(flushToDisk: true);
        Stream.Dispose();
        File.Move(_temporary, TargetPath, overwrite: true);
        _committed = true;
    }

    /// <summary>Closes the stream; removes the temporary file when not committed.</summary>
    public void Dispose()
    {
        Stream.Dispose();
        if (!_committed)
            File.Delete(_temporary);
    }
}

namespace Pipeline.Foundation;

/// <summary>
/// Writes files atomically (see <see cref="AtomicFile"/>). On failure (full disk, I/O error) the temporary file is
/// removed, the target is left as it was and an <see cref="ArtifactWriteException"/> names the target.
/// </summary>
public sealed class AtomicFileWriter
{
    private readonly Func<Stream, Stream>? _wrap;

    /// <summary>The writer used in production.</summary>
    public static AtomicFileWriter Default { get; } = new();

    /// <summary>
    /// <paramref name="wrapStream"/> wraps the temporary file's stream; tests use it to inject faults (a stream that
    /// fails like a full disk) while the real clean-up code runs.
    /// </summary>
    public AtomicFileWriter(Func<Stream, Stream>? wrapStream = null) => _wrap = wrapStream;

    /// <summary>Writes <paramref name="path"/>; <paramref name="what"/> names the file's role in the error message ("checkpoint", "training state").</summary>
    public void Write(string path, string what, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(write);
        var temporary = AtomicFile.TemporaryPath(path);
        try
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                var stream = _wrap is null ? file : _wrap(file);
                try
                {
                    write(stream);
                    stream.Flush();
                    file.Flush(flushToDisk: true);
                }
                finally
                {
                    if (!ReferenceEquals(stream, file))
                    {
                        stream.Dispose();
                    }
                }
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException && e is not ArtifactWriteException)
        {
            TryDelete(temporary);
            throw new ArtifactWriteException(path, what, e);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>Writes <paramref name="bytes"/> atomically.</summary>
    public void WriteAllBytes(string path, string what, ReadOnlySpan<byte> bytes)
    {
        // A span cannot be captured by the callback; one copy is cheap next to the flush to disk.
        var copy = bytes.ToArray();
        Write(path, what, stream => stream.Write(copy));
    }

    /// <summary>Writes text (UTF-8, no byte order mark) atomically.</summary>
    public void WriteAllText(string path, string what, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Write(path, what, stream =>
        {
            using var writer = new StreamWriter(stream, AtomicFile.Utf8, 1 << 12, leaveOpen: true);
            writer.Write(text);
        });
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // The original error is the one worth reporting; a leftover temporary file is named as one and harmless.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

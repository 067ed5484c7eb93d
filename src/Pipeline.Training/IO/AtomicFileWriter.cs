namespace Pipeline.Training.IO;

/// <summary>
/// Writes files atomically: into <c>name.tmp-&lt;pid&gt;</c> next to the target, flushed to disk,
/// then renamed over the target, so a reader (or a resume after a kill) sees the old file or the
/// new one, never half of one. On failure (full disk, I/O error) the temporary file is removed,
/// the target is left as it was and an <see cref="ArtifactWriteException"/> names the file.
/// </summary>
public sealed class AtomicFileWriter
{
    private readonly Func<Stream, Stream>? _wrap;

    /// <summary>The writer used in production.</summary>
    public static AtomicFileWriter Default { get; } = new();

    /// <summary>
    /// <paramref name="wrapStream"/> wraps the temporary file's stream; tests use it to inject faults
    /// (a stream that fails like a full disk) while the real clean-up code runs.
    /// </summary>
    public AtomicFileWriter(Func<Stream, Stream>? wrapStream = null) => _wrap = wrapStream;

    /// <summary>Writes <paramref name="path"/>; <paramref name="what"/> names the file's role in the error message ("checkpoint", "training state").</summary>
    public void Write(string path, string what, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var temporary = $"{path}.tmp-{Environment.ProcessId}";
        try
        {
            using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
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
                        stream.Dispose();
                }
            }
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
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

    /// <summary>Writes text (UTF-8, no BOM) atomically.</summary>
    public void WriteText(string path, string what, string text)
        => Write(path, what, stream =>
        {
            using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), 1 << 12, leaveOpen: true);
            writer.Write(text);
        });

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // The original error is the one worth reporting; a leftover temporary file is named by its pid and harmless.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

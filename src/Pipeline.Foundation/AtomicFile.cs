using System.Text;

namespace Pipeline.Foundation;

/// <summary>
/// Files written so that a reader (or a rerun after a kill) sees the old content or the new, never a part: the bytes go
/// to <see cref="TemporaryPath"/> next to the target, are flushed to disk, and the file is then renamed over the target.
/// The static methods use <see cref="AtomicFileWriter.Default"/>; code that needs the fault-injection seam takes an
/// <see cref="AtomicFileWriter"/>.
/// </summary>
public static class AtomicFile
{
    /// <summary>
    /// The temporary name for a write of <paramref name="path"/>: <c>path.tmp-&lt;pid&gt;-&lt;random&gt;</c>. The pid
    /// names the writer; the random part keeps two writers of one process (two engines in a test, plan beside build,
    /// two machines on a shared folder) apart. Every <c>*.tmp-*</c> file is a leftover of an unfinished write.
    /// </summary>
    public static string TemporaryPath(string path) => $"{path}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}";

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> atomically.</summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes) => AtomicFileWriter.Default.WriteAllBytes(path, "file", bytes);

    /// <summary>Writes UTF-8 text (no byte order mark) to <paramref name="path"/> atomically.</summary>
    public static void WriteAllText(string path, string text) => AtomicFileWriter.Default.WriteAllText(path, "file", text);

    /// <summary>Writes <paramref name="path"/> atomically with what <paramref name="write"/> puts into the stream.</summary>
    public static void Write(string path, Action<Stream> write) => AtomicFileWriter.Default.Write(path, "file", write);

    /// <summary>UTF-8 without a byte order mark: the encoding of every text file the pipeline writes.</summary>
    public static Encoding Utf8 { get; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
}

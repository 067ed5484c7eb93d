using System.Buffers.Binary;
using System.Text;

namespace Pipeline.Data.Shards;

/// <summary>Writes a <see cref="Shard"/> file atomically (temporary file, then rename). Layout: <see cref="ShardFormat"/>.</summary>
public static class ShardWriter
{
    /// <summary>
    /// Writes <paramref name="ids"/>.Count images. <paramref name="pixels"/> holds them in order, each
    /// C×H×W uint8; labels are class indices or -1 for unlabelled.
    /// </summary>
    public static void Write(string path, IReadOnlyList<string> classes, IReadOnlyList<string> ids, IReadOnlyList<int> labels, ReadOnlySpan<byte> pixels, int channels, int height, int width)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(classes);
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(labels);
        if (channels <= 0 || height <= 0 || width <= 0)
            throw new ArgumentException($"Shard {path}: image shape {channels}x{height}x{width} must be positive.");
        if (ids.Count != labels.Count)
            throw new ArgumentException($"Shard {path}: {ids.Count} ids but {labels.Count} labels.");
        long imageBytes = (long)channels * height * width;
        long pixelLength = imageBytes * ids.Count;
        if (pixels.Length != pixelLength)
            throw new ArgumentException($"Shard {path}: {ids.Count} images of {channels}x{height}x{width} need {pixelLength} pixel bytes, got {pixels.Length}.");
        for (int i = 0; i < labels.Count; i++)
        {
            if (labels[i] < -1 || labels[i] >= classes.Count)
                throw new ArgumentException($"Shard {path}: label {labels[i]} of '{ids[i]}' is outside -1..{classes.Count - 1}.");
        }

        var header = new MemoryStream();
        header.Write(ShardFormat.Magic);
        WriteInt32(header, ShardFormat.Version);
        WriteInt32(header, ids.Count);
        WriteInt32(header, channels);
        WriteInt32(header, height);
        WriteInt32(header, width);
        WriteInt32(header, classes.Count);
        long offsetPosition = header.Position;
        WriteInt64(header, 0);
        WriteInt64(header, pixelLength);
        foreach (var name in classes)
            WriteString(header, path, name);
        foreach (var id in ids)
            WriteString(header, path, id);
        foreach (var label in labels)
            WriteInt32(header, label);
        long pixelOffset = (header.Length + ShardFormat.Alignment - 1) / ShardFormat.Alignment * ShardFormat.Alignment;
        header.SetLength(pixelOffset);
        header.Position = offsetPosition;
        WriteInt64(header, pixelOffset);

        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
            Directory.CreateDirectory(directory);
        var temporary = $"{path}.tmp-{Environment.ProcessId}";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
            {
                header.Position = 0;
                header.CopyTo(stream);
                stream.Write(pixels);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    private static void WriteInt32(Stream stream, int value)
    {
        Span<byte> buffer = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(buffer, value);
        stream.Write(buffer);
    }

    private static void WriteInt64(Stream stream, long value)
    {
        Span<byte> buffer = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(buffer, value);
        stream.Write(buffer);
    }

    private static void WriteString(Stream stream, string path, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var bytes = Encoding.UTF8.GetBytes(value);
        if (bytes.Length > ShardFormat.MaxStringBytes)
            throw new ArgumentException($"Shard {path}: the string '{value[..40]}...' is longer than {ShardFormat.MaxStringBytes} bytes.");
        WriteInt32(stream, bytes.Length);
        stream.Write(bytes);
    }
}

using System.Buffers.Binary;
using System.Text;
using Pipeline.Foundation;

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
        ArgumentNullException.ThrowIfNull(ids);
        long pixelLength = (long)channels * height * width * ids.Count;
        if (pixels.Length != pixelLength)
        {
            throw new ArgumentException($"Shard {path}: {ids.Count} images of {channels}x{height}x{width} need {pixelLength} pixel bytes, got {pixels.Length}.");
        }

        var header = Header(path, classes, ids, labels, channels, height, width);
        // A span cannot be captured by the write callback; the copy is cheap next to the flush to disk.
        var pixelArray = pixels.ToArray();
        AtomicFile.Write(path, stream =>
        {
            stream.Write(header);
            stream.Write(pixelArray);
        });
    }

    /// <summary>
    /// Writes one image per entry of <paramref name="images"/> (each C×H×W bytes), streaming them so the
    /// whole split never has to be one contiguous buffer.
    /// </summary>
    public static void WriteImages(string path, IReadOnlyList<string> classes, IReadOnlyList<string> ids, IReadOnlyList<int> labels, IReadOnlyList<byte[]> images, int channels, int height, int width)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(images);
        if (images.Count != ids.Count)
        {
            throw new ArgumentException($"Shard {path}: {ids.Count} ids but {images.Count} images.");
        }

        long imageBytes = (long)channels * height * width;
        for (int i = 0; i < images.Count; i++)
        {
            if (images[i].Length != imageBytes)
            {
                throw new ArgumentException($"Shard {path}: image {i} ('{ids[i]}') has {images[i].Length} bytes, expected {imageBytes} ({channels}x{height}x{width}).");
            }
        }
        var header = Header(path, classes, ids, labels, channels, height, width);
        AtomicFile.Write(path, stream =>
        {
            stream.Write(header);
            foreach (var image in images)
            {
                stream.Write(image);
            }
        });
    }

    private static byte[] Header(string path, IReadOnlyList<string> classes, IReadOnlyList<string> ids, IReadOnlyList<int> labels, int channels, int height, int width)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(classes);
        ArgumentNullException.ThrowIfNull(labels);
        if (channels <= 0 || height <= 0 || width <= 0 || (long)channels * height * width > int.MaxValue)
        {
            throw new ArgumentException($"Shard {path}: image shape {channels}x{height}x{width} must be positive and under 2 GiB an image.");
        }

        if (ids.Count != labels.Count)
        {
            throw new ArgumentException($"Shard {path}: {ids.Count} ids but {labels.Count} labels.");
        }

        for (int i = 0; i < labels.Count; i++)
        {
            if (labels[i] < -1 || labels[i] >= classes.Count)
            {
                throw new ArgumentException($"Shard {path}: label {labels[i]} of '{ids[i]}' is outside -1..{classes.Count - 1}.");
            }
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
        WriteInt64(header, (long)channels * height * width * ids.Count);
        foreach (var name in classes)
        {
            WriteString(header, path, name);
        }

        foreach (var id in ids)
        {
            WriteString(header, path, id);
        }

        foreach (var label in labels)
        {
            WriteInt32(header, label);
        }

        long pixelOffset = (header.Length + ShardFormat.Alignment - 1) / ShardFormat.Alignment * ShardFormat.Alignment;
        header.SetLength(pixelOffset);
        header.Position = offsetPosition;
        WriteInt64(header, pixelOffset);
        return header.ToArray();
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
        {
            throw new ArgumentException($"Shard {path}: the string '{value[..40]}...' is longer than {ShardFormat.MaxStringBytes} bytes.");
        }

        WriteInt32(stream, bytes.Length);
        stream.Write(bytes);
    }
}

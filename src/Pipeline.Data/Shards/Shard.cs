using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;
using System.Text;

namespace Pipeline.Data.Shards;

/// <summary>
/// A read-only, memory-mapped image shard: uint8 RGB planar images (N×C×H×W), labels (-1 when
/// unknown, as for the test set), ids and the class list. Training reads it without decoding PNGs.
/// The layout is described by <see cref="ShardFormat"/>.
/// </summary>
public sealed unsafe partial class Shard : IDisposable
{
    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _pixels;
    private bool _disposed;

    private Shard(string path, MemoryMappedFile file, MemoryMappedViewAccessor view, byte* pixels, int count, int channels, int height, int width,
        IReadOnlyList<string> classes, IReadOnlyList<string> ids, IReadOnlyList<int> labels)
    {
        FilePath = path;
        _file = file;
        _view = view;
        _pixels = pixels;
        Count = count;
        Channels = channels;
        Height = height;
        Width = width;
        Classes = classes;
        Ids = ids;
        Labels = labels;
    }

    /// <summary>Opens a shard written by <see cref="ShardWriter"/>; throws InvalidDataException naming the file when it is not one.</summary>
    public static Shard Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = Path.GetFullPath(path);
        var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read);
        long length = stream.Length;
        if (length < ShardFormat.FixedHeaderBytes)
        {
            stream.Dispose();
            throw Invalid(full, length == 0 ? "the file is empty" : $"the file has {length} bytes, fewer than a shard header ({ShardFormat.FixedHeaderBytes})");
        }

        MemoryMappedFile? file = null;
        MemoryMappedViewAccessor? view = null;
        byte* basePointer = null;
        try
        {
            file = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
            view = file.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref basePointer);
            basePointer += view.PointerOffset;
            return Parse(full, file, view, basePointer, length);
        }
        catch
        {
            if (basePointer != null)
            {
                view!.SafeMemoryMappedViewHandle.ReleasePointer();
            }

            view?.Dispose();
            if (file is null)
            {
                stream.Dispose();
            }

            file?.Dispose();
            throw;
        }
    }

    /// <summary>The full path of the mapped file.</summary>
    public string FilePath { get; }

    /// <summary>Number of images.</summary>
    public int Count { get; }

    /// <summary>Channels per image (3 for RGB).</summary>
    public int Channels { get; }

    /// <summary>Image height in pixels.</summary>
    public int Height { get; }

    /// <summary>Image width in pixels.</summary>
    public int Width { get; }

    /// <summary>Bytes of one image, C×H×W.</summary>
    public int ImageBytes => Channels * Height * Width;

    /// <summary>Class names; a label is an index into this list.</summary>
    public IReadOnlyList<string> Classes { get; } = [];

    /// <summary>Image ids in shard order.</summary>
    public IReadOnlyList<string> Ids { get; } = [];

    /// <summary>Labels as class indices; -1 means unlabelled.</summary>
    public IReadOnlyList<int> Labels { get; } = [];

    /// <summary>The bytes of image <paramref name="index"/> (C×H×W), straight from the mapping.</summary>
    public ReadOnlySpan<byte> Image(int index)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return new ReadOnlySpan<byte>(_pixels + (long)index * ImageBytes, ImageBytes);
    }

    /// <summary>Copies the given images, in order, into <paramref name="destination"/> (indices.Length × ImageBytes).</summary>
    public void CopyImages(ReadOnlySpan<int> indices, Span<byte> destination)
    {
        int size = ImageBytes;
        if (destination.Length < (long)indices.Length * size)
        {
            throw new ArgumentException($"Destination holds {destination.Length} bytes; {indices.Length} images need {(long)indices.Length * size}.", nameof(destination));
        }

        for (int i = 0; i < indices.Length; i++)
        {
            Image(indices[i]).CopyTo(destination.Slice(i * size, size));
        }
    }

    /// <summary>Unmaps the file; spans handed out before are invalid afterwards.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _file.Dispose();
    }

    private static Shard Parse(string path, MemoryMappedFile file, MemoryMappedViewAccessor view, byte* basePointer, long length)
    {
        // The header is read through a bounded span so a corrupt length field fails here, not as an access violation.
        int headerSpan = (int)Math.Min(length, int.MaxValue);
        var data = new ReadOnlySpan<byte>(basePointer, headerSpan);
        if (!data[..8].SequenceEqual(ShardFormat.Magic))
        {
            throw Invalid(path, "it does not start with the shard magic 'PLSHARD1'");
        }

        int version = BinaryPrimitives.ReadInt32LittleEndian(data[8..]);
        if (version != ShardFormat.Version)
        {
            throw Invalid(path, $"format version {version} is not supported (expected {ShardFormat.Version})");
        }

        int count = BinaryPrimitives.ReadInt32LittleEndian(data[12..]);
        int channels = BinaryPrimitives.ReadInt32LittleEndian(data[16..]);
        int height = BinaryPrimitives.ReadInt32LittleEndian(data[20..]);
        int width = BinaryPrimitives.ReadInt32LittleEndian(data[24..]);
        int classCount = BinaryPrimitives.ReadInt32LittleEndian(data[28..]);
        long pixelOffset = BinaryPrimitives.ReadInt64LittleEndian(data[32..]);
        long pixelLength = BinaryPrimitives.ReadInt64LittleEndian(data[40..]);
        if (count < 0 || classCount < 0)
        {
            throw Invalid(path, $"negative count in the header (images {count}, classes {classCount})");
        }

        if (channels <= 0 || height <= 0 || width <= 0 || (long)channels * height * width > int.MaxValue)
        {
            throw Invalid(path, $"bad image shape {channels}x{height}x{width} in the header");
        }

        if (pixelLength != (long)channels * height * width * count)
        {
            throw Invalid(path, $"pixel length {pixelLength} does not match {count} images of {channels}x{height}x{width}");
        }

        if (pixelOffset < ShardFormat.FixedHeaderBytes || pixelOffset % ShardFormat.Alignment != 0 || pixelOffset > int.MaxValue)
        {
            throw Invalid(path, $"bad pixel offset {pixelOffset}");
        }

        if (length < pixelOffset + pixelLength)
        {
            throw Invalid(path, $"the file is truncated: {length} bytes, the header promises {pixelOffset + pixelLength}");
        }

        if (length > pixelOffset + pixelLength)
        {
            throw Invalid(path, $"the file has {length - pixelOffset - pixelLength} unexpected bytes after the pixel data");
        }

        var header = data[..(int)pixelOffset];
        int position = ShardFormat.FixedHeaderBytes;
        var classes = new string[classCount];
        for (int i = 0; i < classCount; i++)
        {
            classes[i] = ReadString(path, header, ref position, $"class name {i}");
        }

        var ids = new string[count];
        for (int i = 0; i < count; i++)
        {
            ids[i] = ReadString(path, header, ref position, $"id {i}");
        }

        if (position + 4L * count > header.Length)
        {
            throw Invalid(path, "the labels run past the pixel offset");
        }

        var labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            labels[i] = BinaryPrimitives.ReadInt32LittleEndian(header[position..]);
            position += 4;
            if (labels[i] < -1 || labels[i] >= classCount)
            {
                throw Invalid(path, $"label {labels[i]} of image {i} ('{ids[i]}') is outside -1..{classCount - 1}");
            }
        }

        return new Shard(path, file, view, basePointer + pixelOffset, count, channels, height, width, classes, ids, labels);
    }

    private static string ReadString(string path, ReadOnlySpan<byte> header, ref int position, string what)
    {
        if (position + 4 > header.Length)
        {
            throw Invalid(path, $"{what} runs past the pixel offset");
        }

        int byteCount = BinaryPrimitives.ReadInt32LittleEndian(header[position..]);
        position += 4;
        if (byteCount < 0 || byteCount > ShardFormat.MaxStringBytes || position + byteCount > header.Length)
        {
            throw Invalid(path, $"{what} has a bad length {byteCount}");
        }

        var value = Encoding.UTF8.GetString(header.Slice(position, byteCount));
        position += byteCount;
        return value;
    }

    private static InvalidDataException Invalid(string path, string what) => new($"{path}: not a valid shard: {what}.");
}

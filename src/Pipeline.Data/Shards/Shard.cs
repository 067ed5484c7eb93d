namespace Pipeline.Data.Shards;

/// <summary>
/// A read-only, memory-mapped image shard: uint8 RGB planar images (N×C×H×W), labels (-1 when
/// unknown, as for the test set), ids and the class list. Training reads it without decoding PNGs.
/// </summary>
public sealed partial class Shard : IDisposable
{
    /// <summary>Opens a shard written by <see cref="ShardWriter"/>; throws InvalidDataException naming the file when it is not one.</summary>
    public static Shard Open(string path) => throw new NotImplementedException();

    public int Count { get; }
    public int Channels { get; }
    public int Height { get; }
    public int Width { get; }
    public int ImageBytes => Channels * Height * Width;
    public IReadOnlyList<string> Classes { get; } = [];
    public IReadOnlyList<string> Ids { get; } = [];

    /// <summary>Labels as class indices; -1 means unlabelled.</summary>
    public IReadOnlyList<int> Labels { get; } = [];

    /// <summary>The bytes of image <paramref name="index"/> (C×H×W), straight from the mapping.</summary>
    public ReadOnlySpan<byte> Image(int index) => throw new NotImplementedException();

    /// <summary>Copies the given images, in order, into <paramref name="destination"/> (indices.Length × ImageBytes).</summary>
    public void CopyImages(ReadOnlySpan<int> indices, Span<byte> destination) => throw new NotImplementedException();

    public void Dispose() => throw new NotImplementedException();
}

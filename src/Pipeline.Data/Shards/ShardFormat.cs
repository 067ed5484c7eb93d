namespace Pipeline.Data.Shards;

/// <summary>
/// The shard file layout (little-endian). Header: magic "PLSHARD1" (8 bytes), int32 version,
/// int32 count N, int32 channels, int32 height, int32 width, int32 class count K, int64 pixel offset,
/// int64 pixel byte length; then K class names and N ids, each an int32 UTF-8 byte length followed
/// by the bytes; then N int32 labels; zero padding up to the pixel offset (a multiple of
/// <see cref="Alignment"/>); then N×C×H×W uint8 pixels; nothing after them.
/// </summary>
public static class ShardFormat
{
    /// <summary>The 8 bytes every shard starts with.</summary>
    public static ReadOnlySpan<byte> Magic => "PLSHARD1"u8;

    /// <summary>The only version this code reads and writes.</summary>
    public const int Version = 1;

    /// <summary>Pixel data starts at a multiple of this, so a mapped image never straddles a cache line needlessly.</summary>
    public const int Alignment = 64;

    /// <summary>Bytes of the fixed part of the header.</summary>
    public const int FixedHeaderBytes = 8 + 4 * 6 + 8 * 2;

    /// <summary>Longest id or class name accepted, so a corrupt length field cannot ask for gigabytes.</summary>
    public const int MaxStringBytes = 4096;
}

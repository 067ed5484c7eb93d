namespace Pipeline.Data.Shards;

/// <summary>Writes a <see cref="Shard"/> file atomically (temporary file, then rename).</summary>
public static class ShardWriter
{
    public static void Write(string path, IReadOnlyList<string> classes, IReadOnlyList<string> ids, IReadOnlyList<int> labels, ReadOnlySpan<byte> pixels, int channels, int height, int width)
        => throw new NotImplementedException();
}

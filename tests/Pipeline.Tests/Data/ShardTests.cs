using Pipeline.Data.Shards;
using Xunit;

namespace Pipeline.Tests.Data;

public sealed class ShardTests
{
    private static byte[] Pixels(int count, int bytesPerImage)
    {
        var pixels = new byte[count * bytesPerImage];
        new Random(3).NextBytes(pixels);
        return pixels;
    }

    [Fact]
    public void Round_trips_bit_exactly()
    {
        using var dir = new TempFolder();
        var path = dir.File("train.shard");
        var pixels = Pixels(5, 3 * 4 * 6);
        string[] classes = ["beans", "café", "tomato_sauce"];
        string[] ids = ["a", "b", "ü,1", "d", "e"];
        int[] labels = [0, 2, -1, 1, 2];

        ShardWriter.Write(path, classes, ids, labels, pixels, 3, 4, 6);
        using var shard = Shard.Open(path);

        Assert.Equal((5, 3, 4, 6), (shard.Count, shard.Channels, shard.Height, shard.Width));
        Assert.Equal(classes, shard.Classes);
        Assert.Equal(ids, shard.Ids);
        Assert.Equal(labels, shard.Labels);
        for (int i = 0; i < 5; i++)
        {
            Assert.True(shard.Image(i).SequenceEqual(pixels.AsSpan(i * 72, 72)));
        }

        var copy = new byte[2 * 72];
        shard.CopyImages([4, 1], copy);
        Assert.Equal(pixels.AsSpan(4 * 72, 72).ToArray(), copy[..72]);
        Assert.Equal(pixels.AsSpan(72, 72).ToArray(), copy[72..]);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, "*.tmp-*"));
    }

    [Fact]
    public void Pixels_start_at_an_aligned_offset_and_the_file_ends_with_them()
    {
        using var dir = new TempFolder();
        var path = dir.File("a.shard");
        ShardWriter.Write(path, ["x"], ["id1"], [0], new byte[12], 3, 2, 2);
        long length = new FileInfo(path).Length;
        Assert.Equal(0, (length - 12) % ShardFormat.Alignment);
    }

    [Fact]
    public void An_empty_shard_round_trips()
    {
        using var dir = new TempFolder();
        var path = dir.File("empty.shard");
        ShardWriter.Write(path, ["a", "b"], [], [], [], 3, 8, 8);
        using var shard = Shard.Open(path);
        Assert.Equal(0, shard.Count);
        Assert.Equal(["a", "b"], shard.Classes);
        Assert.Throws<ArgumentOutOfRangeException>(() => shard.Image(0).Length);
    }

    [Fact]
    public void A_truncated_shard_is_rejected_with_its_path()
    {
        using var dir = new TempFolder();
        var path = dir.File("t.shard");
        ShardWriter.Write(path, ["x"], ["a", "b"], [0, 0], Pixels(2, 48), 3, 4, 4);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^10]);

        var error = Assert.Throws<InvalidDataException>(() => Shard.Open(path));
        Assert.Equal($"{path}: not a valid shard: the file is truncated: {bytes.Length - 10} bytes, the header promises {bytes.Length}.", error.Message);
    }

    [Theory]
    [InlineData(0, "the file is empty")]
    [InlineData(20, "the file has 20 bytes, fewer than a shard header (48)")]
    public void A_short_file_is_rejected(int length, string expected)
    {
        using var dir = new TempFolder();
        var path = dir.File("s.shard");
        File.WriteAllBytes(path, new byte[length]);
        var error = Assert.Throws<InvalidDataException>(() => Shard.Open(path));
        Assert.Equal($"{path}: not a valid shard: {expected}.", error.Message);
    }

    [Fact]
    public void A_file_that_is_not_a_shard_is_rejected()
    {
        using var dir = new TempFolder();
        var path = dir.File("n.shard");
        File.WriteAllBytes(path, new byte[200]);
        var error = Assert.Throws<InvalidDataException>(() => Shard.Open(path));
        Assert.Equal($"{path}: not a valid shard: it does not start with the shard magic 'PLSHARD1'.", error.Message);
    }

    [Fact]
    public void A_corrupt_label_is_rejected()
    {
        using var dir = new TempFolder();
        var path = dir.File("l.shard");
        ShardWriter.Write(path, ["x", "y"], ["a"], [1], new byte[3], 3, 1, 1);
        var bytes = File.ReadAllBytes(path);
        // Label of the only image sits right after the fixed header, two names ("x", "y") and one id ("a").
        int labelAt = ShardFormat.FixedHeaderBytes + 3 * 5;
        bytes[labelAt] = 7;
        File.WriteAllBytes(path, bytes);
        var error = Assert.Throws<InvalidDataException>(() => Shard.Open(path));
        Assert.Equal($"{path}: not a valid shard: label 7 of image 0 ('a') is outside -1..1.", error.Message);
    }

    [Fact]
    public void Writer_rejects_a_pixel_buffer_of_the_wrong_size()
    {
        using var dir = new TempFolder();
        var error = Assert.Throws<ArgumentException>(() => ShardWriter.Write(dir.File("w.shard"), ["x"], ["a"], [0], new byte[5], 3, 1, 1));
        Assert.Contains("need 3 pixel bytes, got 5", error.Message, StringComparison.Ordinal);
    }
}

using System.Buffers.Binary;
using System.IO.Compression;
using Pipeline.Data;
using Pipeline.Data.Configuration;
using Pipeline.Data.Images;
using Pipeline.Data.Sources;
using Xunit;

namespace Pipeline.Tests.Data;

public sealed class FashionMnistReaderTests
{
    // Writes IDX files where image i is filled with the value i (so images can be told apart) and label i % 10.
    private static void WriteSplit(string dir, string prefix, int count, bool gzip = true)
    {
        var images = new byte[16 + count * 16];
        BinaryPrimitives.WriteInt32BigEndian(images, 0x803);
        BinaryPrimitives.WriteInt32BigEndian(images.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(images.AsSpan(8), 4);
        BinaryPrimitives.WriteInt32BigEndian(images.AsSpan(12), 4);
        for (int i = 0; i < count; i++)
        {
            images.AsSpan(16 + i * 16, 16).Fill((byte)i);
        }

        var labels = new byte[8 + count];
        BinaryPrimitives.WriteInt32BigEndian(labels, 0x801);
        BinaryPrimitives.WriteInt32BigEndian(labels.AsSpan(4), count);
        for (int i = 0; i < count; i++)
        {
            labels[8 + i] = (byte)(i % 10);
        }

        Write(Path.Combine(dir, $"{prefix}-images-idx3-ubyte"), images, gzip);
        Write(Path.Combine(dir, $"{prefix}-labels-idx1-ubyte"), labels, gzip);
    }

    private static void Write(string path, byte[] data, bool gzip)
    {
        if (!gzip)
        {
            File.WriteAllBytes(path, data);
            return;
        }
        using var file = File.Create(path + ".gz");
        using var zip = new GZipStream(file, CompressionLevel.Fastest);
        zip.Write(data);
    }

    [Fact]
    public void Reads_a_stratified_subset_with_the_ten_class_names()
    {
        using var dir = new TempFolder();
        WriteSplit(dir.Path, "train", 60);
        WriteSplit(dir.Path, "t10k", 40, gzip: false);
        var source = FashionMnistReader.Read(new FashionMnistConfig { TrainCount = 20, TestCount = 10, Seed = 3 }, dir.Path);

        Assert.Equal(["t_shirt_top", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "ankle_boot"], source.Classes);
        Assert.Equal(20, source.Labelled.Count);
        Assert.Equal(10, source.Test.Count);
        // 60 images, 6 a class: a subset of 20 takes 2 of each.
        Assert.All(source.Labelled.GroupBy(i => i.Label), g => Assert.Equal(2, g.Count()));
        Assert.All(source.Test.GroupBy(i => i.Label), g => Assert.Single(g));
        Assert.True(source.TestHasLabels);
        var first = source.Labelled[0];
        int index = int.Parse(first.Id["train_".Length..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(source.Classes[index % 10], first.Label);
        Assert.All(first.Raw!.Pixels, p => Assert.Equal(index, p));
    }

    [Fact]
    public void The_subset_is_seeded()
    {
        using var dir = new TempFolder();
        WriteSplit(dir.Path, "train", 100);
        WriteSplit(dir.Path, "t10k", 20);
        string[] Ids(int seed) => [.. FashionMnistReader.Read(new FashionMnistConfig { TrainCount = 30, TestCount = 0, Seed = seed }, dir.Path).Labelled.Select(i => i.Id)];
        Assert.Equal(Ids(1), Ids(1));
        Assert.NotEqual(Ids(1), Ids(2));
    }

    [Fact]
    public void Grey_pixels_become_three_equal_channels()
    {
        using var dir = new TempFolder();
        WriteSplit(dir.Path, "train", 10);
        WriteSplit(dir.Path, "t10k", 10);
        var image = FashionMnistReader.Read(new FashionMnistConfig { TrainCount = 0, TestCount = 0 }, dir.Path).Labelled[7];
        var pixels = new ImageLoader(new ImageLimitsConfig(), 4, "bicubic").Load(image).Pixels!;
        Assert.Equal(Enumerable.Repeat((byte)7, 48), pixels);
    }

    [Fact]
    public void A_missing_folder_says_how_to_get_the_data()
    {
        var error = Assert.Throws<DataSourceException>(() => FashionMnistReader.Read(new FashionMnistConfig { Path = "/nonexistent/fashion" }));
        Assert.Equal(
            "fashion_mnist.path: the folder /nonexistent/fashion does not exist. Install the data with `apt-get install dataset-fashion-mnist` " +
            "(Debian package, files under /usr/share/datasets/fashion-mnist) or set fashion_mnist.path to a folder holding the IDX files.",
            error.Message);
    }

    [Fact]
    public void A_bad_idx_header_is_reported()
    {
        using var dir = new TempFolder();
        WriteSplit(dir.Path, "t10k", 5);
        File.WriteAllBytes(dir.File("train-images-idx3-ubyte"), new byte[20]);
        File.WriteAllBytes(dir.File("train-labels-idx1-ubyte"), new byte[20]);
        var error = Assert.Throws<DataSourceException>(() => FashionMnistReader.Read(new FashionMnistConfig(), dir.Path));
        Assert.Equal($"{dir.File("train-images-idx3-ubyte")}: not an IDX image file (expected magic 0x00000803)", error.Message);
    }
}

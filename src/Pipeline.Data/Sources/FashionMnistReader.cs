using System.Buffers.Binary;
using System.IO.Compression;
using Pipeline.Data.Configuration;

namespace Pipeline.Data.Sources;

/// <summary>
/// Reads Fashion-MNIST from its IDX files (<c>train-images-idx3-ubyte[.gz]</c>, <c>train-labels-idx1-ubyte[.gz]</c>,
/// <c>t10k-images-idx3-ubyte[.gz]</c>, <c>t10k-labels-idx1-ubyte[.gz]</c>) and takes a stratified, seeded subset of
/// each split. Images stay grey 28×28 in memory; Preprocess copies the grey value into all three channels.
/// Test labels are kept as ground truth for scoring.
/// </summary>
public static class FashionMnistReader
{
    /// <summary>The dataset's 10 classes in label order, written snake_case.</summary>
    public static readonly IReadOnlyList<string> ClassNames =
        ["t_shirt_top", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "ankle_boot"];

    private const int ImageMagic = 0x00000803, LabelMagic = 0x00000801;

    /// <summary>Reads the files under <see cref="FashionMnistConfig.Path"/>, or under <paramref name="root"/> when given.</summary>
    public static LabelledSource Read(FashionMnistConfig config, string? root = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        root = System.IO.Path.GetFullPath(root ?? config.Path);
        if (!Directory.Exists(root))
        {
            throw new DataSourceException(
                $"fashion_mnist.path: the folder {root} does not exist. Install the data with `apt-get install dataset-fashion-mnist` " +
                "(Debian package, files under /usr/share/datasets/fashion-mnist) or set fashion_mnist.path to a folder holding the IDX files.");
        }

        var train = ReadSplit(root, "train", config.TrainCount, config.Seed);
        var test = ReadSplit(root, "t10k", config.TestCount, config.Seed + 1);
        return new LabelledSource { Kind = DataConfig.FashionMnistSource, Root = root, Classes = ClassNames, Labelled = train, Test = test };
    }

    private static LabelledImage[] ReadSplit(string root, string prefix, int count, int seed)
    {
        var imagesPath = Find(root, $"{prefix}-images-idx3-ubyte");
        var labelsPath = Find(root, $"{prefix}-labels-idx1-ubyte");
        var (images, n, rows, columns) = ReadImages(imagesPath);
        var labels = ReadLabels(labelsPath);
        if (labels.Length != n)
        {
            throw new DataSourceException($"{labelsPath}: {labels.Length} labels but {imagesPath} holds {n} images");
        }

        var labelInts = new int[n];
        for (int i = 0; i < n; i++)
        {
            if (labels[i] >= ClassNames.Count)
            {
                throw new DataSourceException($"{labelsPath}: label {labels[i]} of item {i} is not a Fashion-MNIST class (0-9)");
            }

            labelInts[i] = labels[i];
        }

        var chosen = count <= 0 || count >= n ? Enumerable.Repeat(true, n).ToArray() : StratifiedSplit.ChooseCount(labelInts, ClassNames.Count, count, seed);
        var split = prefix == "train" ? "train" : "test";
        int size = rows * columns;
        var result = new List<LabelledImage>();
        for (int i = 0; i < n; i++)
        {
            if (!chosen[i])
            {
                continue;
            }

            var raw = new RawImage(columns, rows, 1, images.AsSpan(i * size, size).ToArray());
            result.Add(LabelledImage.FromPixels($"{split}_{i:D5}", ClassNames[labels[i]], raw, new SourceOrigin(imagesPath, 0)));
        }
        return [.. result];
    }

    private static string Find(string root, string name)
    {
        foreach (var candidate in new[] { name + ".gz", name })
        {
            var path = System.IO.Path.Combine(root, candidate);
            if (File.Exists(path))
            {
                return path;
            }
        }
        throw new DataSourceException(
            $"fashion_mnist.path: {root} has no {name}.gz (nor {name}). Install the data with `apt-get install dataset-fashion-mnist` " +
            "or set fashion_mnist.path to a folder holding the IDX files.");
    }

    private static byte[] ReadAll(string path)
    {
        try
        {
            using var file = File.OpenRead(path);
            using Stream stream = path.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress) : file;
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            return memory.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new DataSourceException($"{path}: not a valid gzip file ({e.Message})");
        }
    }

    private static (byte[] Pixels, int Count, int Rows, int Columns) ReadImages(string path)
    {
        var data = ReadAll(path);
        if (data.Length < 16 || BinaryPrimitives.ReadInt32BigEndian(data) != ImageMagic)
        {
            throw new DataSourceException($"{path}: not an IDX image file (expected magic 0x00000803)");
        }

        int count = BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(4));
        int rows = BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(8));
        int columns = BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(12));
        if (count < 0 || rows <= 0 || columns <= 0 || rows > 4096 || columns > 4096 || 16 + (long)count * rows * columns != data.Length)
        {
            throw new DataSourceException($"{path}: the header ({count} images of {rows}x{columns}) does not match the file's {data.Length} bytes");
        }

        return (data[16..], count, rows, columns);
    }

    private static byte[] ReadLabels(string path)
    {
        var data = ReadAll(path);
        if (data.Length < 8 || BinaryPrimitives.ReadInt32BigEndian(data) != LabelMagic)
        {
            throw new DataSourceException($"{path}: not an IDX label file (expected magic 0x00000801)");
        }

        int count = BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(4));
        if (count < 0 || 8L + count != data.Length)
        {
            throw new DataSourceException($"{path}: the header ({count} labels) does not match the file's {data.Length} bytes");
        }

        return data[8..];
    }
}

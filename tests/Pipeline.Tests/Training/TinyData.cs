using Pipeline.Data.Shards;
using Pipeline.Models;
using Pipeline.Models.Configuration;
using Pipeline.Training.Data;

namespace Pipeline.Tests.Training;

/// <summary>
/// A tiny learnable data set written as real shards: 16×16 images of three classes, each class a
/// different dominant colour with seeded noise, so a tiny CNN's loss falls within a few steps.
/// </summary>
internal sealed class TinyData : IDisposable
{
    public const int Size = 16;
    public static readonly string[] Classes = ["red", "green", "blue"];

    private TinyData(string directory, Shard train, Shard validation)
    {
        Directory = directory;
        Train = train;
        Validation = validation;
    }

    public string Directory { get; }

    public Shard Train { get; }

    public Shard Validation { get; }

    public TrainingData Data => new(Train, Validation);

    public static ModelConfig TinyModel(double dropout = 0.25)
        => new() { Architecture = "tiny_cnn", Pretrained = "none", Head = new HeadConfig { Kind = "gap_linear", Dropout = dropout } };

    public static TinyData Create(int trainCount = 24, int validationCount = 12)
    {
        var directory = TempDirectory.Create("tinydata");
        var train = Write(Path.Combine(directory, "train.shard"), "train", trainCount, 1);
        var validation = Write(Path.Combine(directory, "val.shard"), "val", validationCount, 2);
        return new TinyData(directory, Shard.Open(train), Shard.Open(validation));
    }

    private static string Write(string path, string prefix, int count, int seed)
    {
        var random = new Random(seed);
        int bytes = 3 * Size * Size;
        var pixels = new byte[count * bytes];
        var labels = new int[count];
        var ids = new string[count];
        for (int i = 0; i < count; i++)
        {
            int label = i % Classes.Length;
            labels[i] = label;
            ids[i] = $"{prefix}_{i}";
            for (int c = 0; c < 3; c++)
            {
                for (int p = 0; p < Size * Size; p++)
                {
                    int value = (c == label ? 150 : 60) + random.Next(-50, 50);
                    pixels[i * bytes + c * Size * Size + p] = (byte)value;
                }
            }
        }
        ShardWriter.Write(path, Classes, ids, labels, pixels, 3, Size, Size);
        return path;
    }

    public void Dispose()
    {
        Train.Dispose();
        Validation.Dispose();
        TempDirectory.Delete(Directory);
    }
}

using Pipeline.Augmentation;
using Pipeline.Data.Shards;
using Pipeline.Models;
using Pipeline.Models.Configuration;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Tests.Inference;

/// <summary>Tiny shards, a tiny model saved as a checkpoint, and simple augmenters for TTA tests.</summary>
internal sealed class InferenceFixtures : IDisposable
{
    public const int Size = 16;
    public static readonly string[] Classes = ["a", "b", "c"];

    public InferenceFixtures(int validationCount = 10, int testCount = 7)
    {
        Directory = Path.Combine(Path.GetTempPath(), "pipeline-tests", $"tta-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(Directory);
        Validation = Shard.Open(Write("val.shard", "val", validationCount, labelled: true, seed: 1));
        Test = Shard.Open(Write("test.shard", "test", testCount, labelled: false, seed: 2));
        ModelConfig = new ModelConfig { Architecture = "tiny_cnn", Pretrained = "none", Head = new HeadConfig { Kind = "gap_linear", Dropout = 0.2 } };
        CheckpointPath = Path.Combine(Directory, "p_e1.pt");
        using var model = ModelFactory.Create(ModelConfig, Classes.Length, 11, Directory);
        model.save(CheckpointPath);
    }

    public string Directory { get; }

    public Shard Validation { get; }

    public Shard Test { get; }

    public ModelConfig ModelConfig { get; }

    public string CheckpointPath { get; }

    public static Func<string, IAugmenter> Resolver { get; } = name => name switch
    {
        "identity" => new Pipeline.Tests.Training.TestAugmenters.Identity(),
        "noise" => new ViewNoise(),
        _ => throw new ArgumentException($"unknown preset '{name}'"),
    };

    private string Write(string name, string prefix, int count, bool labelled, int seed)
    {
        var random = new Random(seed);
        var pixels = new byte[count * 3 * Size * Size];
        random.NextBytes(pixels);
        var path = Path.Combine(Directory, name);
        ShardWriter.Write(path, Classes, Enumerable.Range(0, count).Select(i => $"{prefix}_{i}").ToArray(),
            Enumerable.Range(0, count).Select(i => labelled ? i % Classes.Length : -1).ToArray(), pixels, 3, Size, Size);
        return path;
    }

    public void Dispose()
    {
        Validation.Dispose();
        Test.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Seeded noise: a real augmentation whose copies differ.</summary>
    public sealed class ViewNoise : IAugmenter
    {
        public Tensor Apply(Tensor images, Generator generator)
        {
            using var scope = torch.NewDisposeScope();
            return (images + 0.2f * torch.randn(images.shape, generator: generator)).clamp(0, 1).MoveToOuterDisposeScope();
        }
    }
}

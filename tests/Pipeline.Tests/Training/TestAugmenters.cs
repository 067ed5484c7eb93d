using Pipeline.Augmentation;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Tests.Training;

/// <summary>Small augmenters for trainer tests, independent of the preset library.</summary>
internal static class TestAugmenters
{
    public static Func<string, IAugmenter> Resolver { get; } = name => name switch
    {
        "none" => new Identity(),
        "noise" => new Noise(),
        "nan" => new PoisonNaN(),
        _ => throw new ArgumentException($"unknown preset '{name}'"),
    };

    /// <summary>Returns the images unchanged.</summary>
    public sealed class Identity : IAugmenter
    {
        public Tensor Apply(Tensor images, Generator generator) => images.alias();
    }

    /// <summary>Adds seeded Gaussian noise and flips a seeded half of the batch: randomness that must replay exactly on resume.</summary>
    public sealed class Noise : IAugmenter
    {
        public Tensor Apply(Tensor images, Generator generator)
        {
            using var scope = torch.NewDisposeScope();
            var noisy = images + 0.1f * torch.randn(images.shape, generator: generator);
            var flip = torch.rand([images.shape[0], 1, 1, 1], generator: generator).lt(0.5);
            return torch.where(flip, noisy.flip(3), noisy).clamp(0, 1).MoveToOuterDisposeScope();
        }
    }

    /// <summary>Puts a NaN into every batch, as a corrupt input would.</summary>
    public sealed class PoisonNaN : IAugmenter
    {
        public Tensor Apply(Tensor images, Generator generator)
        {
            var result = images.clone();
            result[0, 0, 0, 0] = torch.tensor(float.NaN);
            return result;
        }
    }
}

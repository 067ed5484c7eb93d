using Pipeline.Foundation;
using Pipeline.Models;
using Pipeline.Models.Configuration;
using Pipeline.Training;
using Pipeline.Training.Configuration;

namespace Pipeline.Tests.Training;

/// <summary>Shorthands for tiny training runs.</summary>
internal static class Runs
{
    public static TrainOptions Options(AtomicFileWriter? writer = null, int prefetch = 2) => new()
    {
        Augmenters = TestAugmenters.Resolver,
        Interactive = false,
        PretrainedDirectory = Path.Combine(Path.GetTempPath(), "no-pretrained-weights-needed"),
        PrefetchDepth = prefetch,
        FileWriter = writer ?? AtomicFileWriter.Default,
    };

    public static PhaseConfig Phase(string name, int epochs, string optimizer = "adam", double lr = 1e-2, string augment = "none", string layers = "all", bool save = true, ScheduleConfig? schedule = null)
        => new()
        {
            Name = name,
            Epochs = epochs,
            Augment = augment,
            TrainLayers = layers,
            SaveCheckpoint = save,
            Optimizer = optimizer == "sgd"
                ? new OptimizerConfig { Name = "sgd", Lr = lr, Momentum = 0.9, Nesterov = true, WeightDecay = 1e-4 }
                : new OptimizerConfig { Name = "adam", Lr = lr, WeightDecay = 1e-4 },
            Schedule = schedule ?? new ScheduleConfig(),
        };

    public static TrainConfig Config(params PhaseConfig[] phases) => new()
    {
        Seed = 7,
        BatchSize = 8,
        EvalBatchSize = 5,
        Phases = phases,
        Checkpoints = new CheckpointsConfig { LastK = 2 },
    };

    public static ClassifierModel FreshModel(ModelConfig config, long seed = 7)
        => ModelFactory.Create(config, TinyData.Classes.Length, seed, Path.GetTempPath());

    public static ClassifierModel LoadCheckpoint(ModelConfig config, string path)
    {
        var model = FreshModel(config, seed: 12345);
        model.load(path);
        return model;
    }
}

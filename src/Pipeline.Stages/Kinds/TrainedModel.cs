using Pipeline.Inference;
using Pipeline.Models;
using Pipeline.Models.Configuration;
using Pipeline.Training;
using Pipeline.Training.Checkpoints;

namespace Pipeline.Stages.Kinds;

/// <summary>A training run's committed output read back: its model configuration and its checkpoints.</summary>
internal sealed record TrainedModel(string Name, ModelConfig Config, IReadOnlyList<TtaCheckpoint> Checkpoints)
{
    public static TrainedModel Read(string name, string trainDirectory)
    {
        var config = ModelDescriptionFile.Read(trainDirectory).Model;
        var checkpoints = CheckpointManifest.Read(trainDirectory)
            .Select(c => new TtaCheckpoint(c.Name, c.Epoch, Path.Combine(trainDirectory, c.File)))
            .ToList();

        // Checkpoints hold every weight: building the network again must not load the pretrained ones first,
        // but its input normalisation must stay the one the weights were trained with.
        return new TrainedModel(name, config with { Pretrained = "none", Normalization = ModelFactory.ResolveNormalization(config) }, checkpoints);
    }

    public TtaModel ForTta() => new(Name, Config, Checkpoints);

    public TtaCheckpoint Last => Checkpoints.MaxBy(c => c.Epoch) ?? throw new InvalidOperationException($"model '{Name}' saved no checkpoint");
}

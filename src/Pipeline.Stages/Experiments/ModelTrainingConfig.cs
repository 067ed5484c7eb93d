using Pipeline.Models;
using Pipeline.Models.Configuration;
using Pipeline.Training.Configuration;

namespace Pipeline.Stages.Experiments;

/// <summary><c>resnet.yaml</c>, <c>inception.yaml</c>: a model and how it trains.</summary>
public sealed record ModelTrainingConfig
{
    public ModelConfig Model { get; init; } = new();

    public TrainConfig Training { get; init; } = new();
}

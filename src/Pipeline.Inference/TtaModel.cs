using Pipeline.Models;
using Pipeline.Models.Configuration;

namespace Pipeline.Inference;

/// <summary>A trained model for TTA: its name (as in the experiment, e.g. <c>resnet</c>), its model configuration and its checkpoints.</summary>
public sealed record TtaModel(string Name, ModelConfig Config, IReadOnlyList<TtaCheckpoint> Checkpoints);

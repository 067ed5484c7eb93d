using Pipeline.Data.Shards;

namespace Pipeline.Training.Data;

/// <summary>
/// What a run trains and validates on: the training shard, optional extra samples (the
/// pseudolabel student's test images with teacher labels) and the validation shard. The trainer
/// does not own the shards.
/// </summary>
public sealed record TrainingData(Shard Train, Shard Validation, ExtraSamples? Extra = null);

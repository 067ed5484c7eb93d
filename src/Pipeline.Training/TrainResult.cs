using Pipeline.Training.Checkpoints;
using Pipeline.Training.Metrics;

namespace Pipeline.Training;

/// <summary>What a finished run produced: its checkpoints (as in the manifest), every epoch's metrics, and the epoch it resumed after (0 for a fresh run).</summary>
public sealed record TrainResult(
    IReadOnlyList<CheckpointEntry> Checkpoints,
    IReadOnlyList<EpochMetrics> Epochs,
    int ResumedAfterEpoch);

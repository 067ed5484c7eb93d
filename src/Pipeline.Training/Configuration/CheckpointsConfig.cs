using System.ComponentModel.DataAnnotations;

namespace Pipeline.Training.Configuration;

/// <summary>Which epochs besides phase ends get a checkpoint: each of the last K epochs of the whole run (the "poor man's ensemble").</summary>
public sealed record CheckpointsConfig
{
    [Range(0, 100000)]
    public int LastK { get; init; } = 3;
}

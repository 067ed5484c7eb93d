namespace Pipeline.Tests.Config;

/// <summary>A small whole-document record, for the loading and shared-section tests.</summary>
public sealed record StageSettings
{
    public int Seed { get; init; } = 1;

    public OptimizerSettings Optimizer { get; init; } = new();
}

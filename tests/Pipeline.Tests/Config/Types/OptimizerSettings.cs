using System.ComponentModel.DataAnnotations;

namespace Pipeline.Tests.Config;

public sealed record OptimizerSettings
{
    public OptimizerKind Kind { get; init; } = OptimizerKind.Sgd;

    [Range(0.0, 10.0, MinimumIsExclusive = true)]
    public double Lr { get; init; } = 0.001;

    [Range(0.0, 1.0)]
    public double Momentum { get; init; } = 0.9;

    public double? WeightDecay { get; init; }
}

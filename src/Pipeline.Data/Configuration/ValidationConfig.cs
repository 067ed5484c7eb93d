using System.ComponentModel.DataAnnotations;

namespace Pipeline.Data.Configuration;

/// <summary><c>validation</c> in data.yaml: the stratified holdout of the labelled set (the original used 20%, random_state 42).</summary>
public sealed record ValidationConfig
{
    /// <summary><c>fraction</c>: share of each class held out; a class with two or more images always gives at least one.</summary>
    [Range(0.0, 0.9)]
    public double Fraction { get; init; } = 0.2;

    /// <summary><c>seed</c>: the same seed gives the same split.</summary>
    public int Seed { get; init; } = 42;
}

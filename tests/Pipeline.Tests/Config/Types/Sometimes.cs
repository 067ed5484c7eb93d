using System.ComponentModel.DataAnnotations;
using Pipeline.Config;

namespace Pipeline.Tests.Config;

[ConfigCase("sometimes")]
public sealed record Sometimes : AugmentOp
{
    [Range(0.0, 1.0)]
    public double P { get; init; } = 0.5;

    public required IReadOnlyList<AugmentOp> Then { get; init; }
}

using System.ComponentModel.DataAnnotations;
using Pipeline.Config;

namespace Pipeline.Tests.Config;

[ConfigCase("fliplr")]
public sealed record FlipLr : AugmentOp
{
    [Range(0.0, 1.0)]
    public double P { get; init; } = 0.5;
}

using Pipeline.Config;

namespace Pipeline.Tests.Config;

[ConfigCase("rotate")]
public sealed record Rotate : AugmentOp
{
    [ConfigPositional]
    [ConfigSymmetric]
    public RangeSetting Degrees { get; init; } = new(-10, 10);
}

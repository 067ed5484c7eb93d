using Pipeline.Config;

namespace Pipeline.Tests.Config;

[ConfigCase("scale")]
public sealed record Scale : AugmentOp
{
    [ConfigPositional]
    public RangeSetting Factor { get; init; } = new(0.9, 1.1);

    public bool KeepAspect { get; init; } = true;
}

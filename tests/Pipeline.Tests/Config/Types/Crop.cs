using Pipeline.Config;

namespace Pipeline.Tests.Config;

/// <summary>A case whose single value is required, so a bare <c>crop</c> is an error.</summary>
[ConfigCase("crop")]
public sealed record Crop : AugmentOp
{
    public required int Size { get; init; }
}

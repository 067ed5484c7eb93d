using Pipeline.Config;

namespace Pipeline.Tests.Config;

/// <summary>Symmetric at every use: <c>45</c> reads as (-45, 45).</summary>
[ConfigSymmetric]
public sealed record SymmetricAngle
{
    public int Low { get; init; }

    public int High { get; init; }
}

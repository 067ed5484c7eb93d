namespace Pipeline.Models.Backbones;

/// <summary>
/// How a narrow variant derives its channel counts from the published network's: each count is multiplied by
/// <see cref="Multiplier"/> and rounded to the nearest multiple of <see cref="Divisor"/> (timm's
/// <c>make_divisible</c> rule, never below the divisor nor below 8). A divisor of 16 keeps every count a
/// multiple of 16, which libtorch's oneDNN convolutions need to be correct and fast on our CPUs
/// (<see cref="ConvolutionKernels"/>); the published networks' counts are multiples of 16 already, so width 1
/// is the same network whatever the divisor.
/// </summary>
public readonly record struct ChannelWidth
{
    private readonly double _multiplier;

    public ChannelWidth(double multiplier, int divisor = 1)
    {
        _multiplier = multiplier;
        Divisor = divisor;
    }

    /// <summary>The width multiplier; the default value of this struct is the published network (1).</summary>
    public double Multiplier => _multiplier == 0 ? 1.0 : _multiplier;

    public int Divisor { get; }

    public static implicit operator ChannelWidth(double multiplier) => new(multiplier);

    /// <summary>The channel count of this variant for a published count of <paramref name="channels"/>.</summary>
    public long Of(long channels)
    {
        var scaled = channels * Multiplier;
        var rounded = Divisor <= 1 ? Math.Round(scaled) : Math.Round(scaled / Divisor) * Divisor;
        // make_divisible: rounding down must not lose more than 10% of the channels.
        if (Divisor > 1 && rounded < 0.9 * scaled)
        {
            rounded += Divisor;
        }

        return Math.Max(Math.Max(8, Divisor), (long)rounded);
    }

    public override string ToString() => Divisor <= 1 ? $"{Multiplier}" : $"{Multiplier} (multiples of {Divisor})";
}

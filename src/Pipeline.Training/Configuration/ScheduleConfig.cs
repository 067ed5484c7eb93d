using System.ComponentModel.DataAnnotations;
using Pipeline.Config;

namespace Pipeline.Training.Configuration;

/// <summary>
/// Learning-rate schedule within a phase. The rate is set before every step: a linear warm-up over
/// the first <see cref="WarmupEpochs"/> (counted in steps, so fractions of an epoch work), then
/// <c>constant</c>, <c>step</c> (multiply by <see cref="Gamma"/> every <see cref="StepSize"/> epochs of
/// the phase, as PyTorch's StepLR) or <c>cosine</c> (per step from the base rate down to
/// <see cref="MinLr"/> at the phase's end).
/// </summary>
public sealed record ScheduleConfig : IValidatableConfig
{
    [AllowedValues("constant", "step", "cosine")]
    public string Kind { get; init; } = "constant";

    [Range(0.0, 100000.0)]
    public double WarmupEpochs { get; init; }

    [Range(1, 100000)]
    public int StepSize { get; init; } = 1;

    [Range(0.0, 1.0)]
    public double Gamma { get; init; } = 0.1;

    [Range(0.0, double.MaxValue)]
    public double MinLr { get; init; }

    public IEnumerable<(string Key, string Message)> Validate()
    {
        if (double.IsNaN(MinLr))
        {
            yield return ("min_lr", "min_lr must be a number");
        }
    }
}

using Pipeline.Config;

namespace Pipeline.Stages.Experiments;

/// <summary>Which test images get the teacher's label: confidence at least <see cref="Threshold"/>, or the <see cref="TopFraction"/> most confident per predicted class.</summary>
public sealed record SelectionConfig : IValidatableConfig
{
    public double? Threshold { get; init; } = 0.9;

    public double? TopFraction { get; init; }

    public IEnumerable<(string Key, string Message)> Validate()
    {
        if (Threshold is null == TopFraction is null)
        {
            yield return ("", "set exactly one of 'threshold' and 'top_fraction'");
        }

        if (Threshold is < 0 or > 1)
        {
            yield return ("threshold", $"must be in [0, 1], got {Threshold}");
        }

        if (TopFraction is <= 0 or > 1)
        {
            yield return ("top_fraction", $"must be in (0, 1], got {TopFraction}");
        }
    }
}

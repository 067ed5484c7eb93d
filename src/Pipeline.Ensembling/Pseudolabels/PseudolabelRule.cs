using System.ComponentModel.DataAnnotations;
using Pipeline.Config;

namespace Pipeline.Ensembling.Pseudolabels;

/// <summary>
/// Which test images receive the teacher's label: those whose top probability reaches
/// <see cref="Threshold"/>, or the most confident <see cref="TopFraction"/> of each predicted class.
/// Exactly one is set. YAML: <c>threshold: 0.9</c> or <c>top_fraction: 0.3</c>.
/// </summary>
public sealed record PseudolabelRule : IValidatableConfig
{
    /// <summary>Minimum teacher confidence (top class probability) to take an image.</summary>
    [Range(0.0, 1.0)]
    public double? Threshold { get; init; }

    /// <summary>Fraction of each predicted class to take, most confident first (rounded up, so every predicted class with an image gives at least one).</summary>
    [Range(0.0, 1.0)]
    public double? TopFraction { get; init; }

    /// <inheritdoc />
    public IEnumerable<(string Key, string Message)> Validate()
    {
        if (Threshold is null == TopFraction is null)
        {
            yield return ("", "set exactly one of threshold and top_fraction");
        }
    }
}

using System.ComponentModel.DataAnnotations;
using Pipeline.Config;

namespace Pipeline.Ensembling.Configuration;

/// <summary>
/// <c>experiments/ensemble.yaml</c>: which prediction sets form the ensemble and how they are combined.
/// Keys: <c>method</c>, <c>members</c>, <c>greedy</c>, <c>report_methods</c>, <c>geometric_epsilon</c>.
/// </summary>
public sealed record EnsembleConfig : IValidatableConfig
{
    /// <summary>The method whose test predictions become the submission.</summary>
    [AllowedValues(EnsembleMethods.Vote, EnsembleMethods.Mean, EnsembleMethods.Geometric, EnsembleMethods.Greedy)]
    public string Method { get; init; } = EnsembleMethods.Vote;

    /// <summary>Member lines; each must match at least one prediction set. With <c>greedy</c> they are the candidates and their weights are replaced by the selection counts.</summary>
    public IReadOnlyList<EnsembleMemberConfig> Members { get; init; } = [new EnsembleMemberConfig()];

    /// <summary>Settings for the <c>greedy</c> method.</summary>
    public GreedyConfig Greedy { get; init; } = new();

    /// <summary>Methods also measured on validation for the report (each on the same members).</summary>
    public IReadOnlyList<string> ReportMethods { get; init; } = EnsembleMethods.All;

    /// <summary>Floor applied to probabilities before the logarithm of the geometric mean, so one member's zero cannot veto a class outright.</summary>
    [Range(1e-30, 0.1)]
    public double GeometricEpsilon { get; init; } = 1e-7;

    /// <inheritdoc />
    public IEnumerable<(string Key, string Message)> Validate()
    {
        if (Members.Count == 0)
        {
            yield return ("members", "lists no member; name at least one (model, checkpoint, tta) pattern");
        }

        foreach (var method in ReportMethods)
        {
            if (!EnsembleMethods.All.Contains(method))
            {
                yield return ("report_methods", $"'{method}' is not a method; use one of {string.Join(", ", EnsembleMethods.All)}");
            }
        }
        if (ReportMethods.Distinct(StringComparer.Ordinal).Count() != ReportMethods.Count)
        {
            yield return ("report_methods", "lists a method twice");
        }
    }
}

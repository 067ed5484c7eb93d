using Pipeline.Ensembling.Configuration;
using Pipeline.Ensembling.Members;
using Pipeline.Ensembling.Metrics;
using Pipeline.Ensembling.Predictions;

namespace Pipeline.Ensembling.Combining;

/// <summary>Runs an <see cref="EnsembleConfig"/> on the available prediction sets: expand members, measure every method on validation, apply the configured one to test.</summary>
public static class EnsembleRunner
{
    /// <summary>
    /// Members are expanded against <paramref name="validation"/>; each must also exist in
    /// <paramref name="test"/> when that is given. Greedy weights are chosen on validation only and
    /// then applied unchanged to test.
    /// </summary>
    /// <param name="config">The ensemble configuration.</param>
    /// <param name="validation">Every available prediction set on the validation split (with labels).</param>
    /// <param name="test">Every available prediction set on the test split, or null to skip test.</param>
    /// <param name="source">Names the configuration in messages (e.g. <c>experiments/ensemble.yaml</c>).</param>
    public static EnsembleOutcome Run(EnsembleConfig config, IReadOnlyList<PredictionSet> validation, IReadOnlyList<PredictionSet>? test, string source = "ensemble configuration")
    {
        ArgumentNullException.ThrowIfNull(config);
        var members = MemberMatcher.Expand(config.Members, validation, source);
        var validationSets = MemberMatcher.SetsFor(members, validation, validation.Count > 0 ? validation[0].Split : "val");
        var configuredWeights = members.Select(m => m.Weight).ToArray();
        // An experiment may keep no validation split (validation.fraction: 0, as the 2017 team trained): nothing is scored
        // on it then, and nothing can be chosen on it.
        var hasValidation = validationSets.Any(s => s.Labels.Any(l => l >= 0));
        if (!hasValidation && config.Method == EnsembleMethods.Greedy)
        {
            throw new InvalidOperationException($"{source}: method greedy chooses weights on the validation split, and this experiment has none (validation.fraction: 0); use vote, mean or geometric");
        }

        GreedyResult? greedy = null;
        double[] WeightsFor(string method)
        {
            if (method != EnsembleMethods.Greedy)
            {
                return configuredWeights;
            }

            greedy ??= GreedySelection.Select(validationSets, config.Greedy);
            return greedy.Counts.Select(c => (double)c).ToArray();
        }

        EnsembleResult CombineWith(string method, IReadOnlyList<PredictionSet> sets) =>
            method == EnsembleMethods.Greedy
                ? EnsembleCombiner.Mean(sets, WeightsFor(method)) with { Method = EnsembleMethods.Greedy }
                : EnsembleCombiner.Combine(method, sets, configuredWeights, config.GeometricEpsilon);

        var methods = new List<MethodAccuracy>();
        EnsembleResult? chosen = null;
        foreach (var method in config.ReportMethods.Where(_ => hasValidation).Append(config.Method).Distinct(StringComparer.Ordinal))
        {
            var result = CombineWith(method, validationSets);
            if (hasValidation && config.ReportMethods.Contains(method))
            {
                methods.Add(new MethodAccuracy(method, ClassificationMetrics.Accuracy(result.Predicted, result.Labels)));
            }

            if (method == config.Method)
            {
                chosen = result;
            }
        }

        EnsembleResult? testResult = null;
        if (test is not null)
        {
            testResult = CombineWith(config.Method, MemberMatcher.SetsFor(members, test, test.Count > 0 ? test[0].Split : "test"));
        }

        var finalWeights = WeightsFor(config.Method);
        var resolved = members.Select((m, i) => m with { Weight = finalWeights[i] }).ToArray();
        var memberAccuracies = validationSets.Select(s => hasValidation ? ClassificationMetrics.Accuracy(s.Predicted(), s.Labels) : (double?)null).ToArray();
        return new EnsembleOutcome(config.Method, resolved, memberAccuracies, methods, chosen!, testResult, greedy);
    }
}

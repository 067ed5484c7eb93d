using Pipeline.Ensembling.Combining;
using Pipeline.Ensembling.Metrics;

namespace Pipeline.Reporting.Metrics;

/// <summary>Assembles a <see cref="MetricsReport"/> from the ladder and the Ensemble stage's outcome.</summary>
public static class MetricsReportBuilder
{
    /// <summary>
    /// Per-class accuracy and the headline come from the submitted ensemble on validation; members
    /// and methods from <paramref name="outcome"/>. <paramref name="testAccuracy"/> only when the
    /// test labels are known.
    /// </summary>
    public static MetricsReport Build(IReadOnlyList<LadderStep> ladder, EnsembleOutcome outcome, double? testAccuracy = null)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var validation = outcome.Validation;
        return Build(
            ladder,
            new SubmittedValidation(validation.Classes, validation.Labels, validation.Predicted),
            outcome.Members.Select((m, i) => new MemberMetrics(m.Model, m.Checkpoint, m.TtaVersion, m.Weight, outcome.MemberAccuracies[i])).ToArray(),
            outcome.Methods,
            testAccuracy);
    }

    /// <summary>The same from what the Ensemble stage recorded: its validation predictions, members and methods.</summary>
    public static MetricsReport Build(
        IReadOnlyList<LadderStep> ladder,
        SubmittedValidation validation,
        IReadOnlyList<MemberMetrics> members,
        IReadOnlyList<MethodAccuracy> methods,
        double? testAccuracy = null)
    {
        ArgumentNullException.ThrowIfNull(validation);
        var perClass = ClassificationMetrics.PerClassAccuracy(validation.Predicted, validation.Labels, validation.Classes.Count);
        return new MetricsReport(
            validation.Labels.Any(l => l >= 0) ? ClassificationMetrics.Accuracy(validation.Predicted, validation.Labels) : null,
            ladder,
            validation.Classes.Select((name, c) => new ClassAccuracy(name, perClass[c])).ToArray(),
            members,
            methods,
            testAccuracy);
    }
}

using System.Globalization;
using Pipeline.Ensembling.Combining;
using Pipeline.Ensembling.Configuration;
using Pipeline.Ensembling.Members;
using Pipeline.Ensembling.Metrics;
using Pipeline.Ensembling.Predictions;

namespace Pipeline.Reporting.Metrics;

/// <summary>
/// Measures the ablation ladder on validation prediction sets, each step with the configured
/// combination method: best plain checkpoint → its best TTA version → all checkpoints and TTA
/// versions of its model → all models but the pseudolabel student → all models with it. Ensemble
/// steps use every TTA'd set (plain sets only where a model has nothing else), not the configured
/// member list, so the ladder measures the idea rather than one hand-picked list. With <c>greedy</c>
/// the weights are fitted and scored on the same validation split, so those validation figures are optimistic;
/// where the test split's labels are known, each step is also scored on test with everything chosen on
/// validation (<see cref="LadderStep.TestAccuracy"/>), which is not, and compared image by image with the step
/// before (<see cref="LadderStep.TestChange"/>) and, for the ensemble steps, with the TTA step
/// (<see cref="LadderStep.TestChangeFromTta"/>).
/// </summary>
public static class LadderCalculator
{
    /// <summary>The five steps in order (four without a student); a step that cannot be measured has a null accuracy and says why.</summary>
    /// <param name="validation">Every validation prediction set (all models, checkpoints, TTA versions; plain ones have version -1).</param>
    /// <param name="config">The ensemble configuration: its method, greedy settings and geometric epsilon.</param>
    /// <param name="studentModel">The pseudolabel student's model name, or null when there is none (then there is no pseudolabel step).</param>
    /// <param name="test">The test prediction sets; steps are scored on them too when every one has labels.</param>
    public static IReadOnlyList<LadderStep> Compute(IReadOnlyList<PredictionSet> validation, EnsembleConfig config, string? studentModel, IReadOnlyList<PredictionSet>? test = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (validation.Count == 0)
        {
            throw new ArgumentException("The ladder needs validation prediction sets, and none were given.", nameof(validation));
        }

        foreach (var set in validation)
        {
            if (!set.Labels.Any(l => l >= 0))
            {
                throw new ArgumentException($"Prediction set {set.DisplayName()} (split '{set.Split}') has no true labels; the ladder is measured on validation.", nameof(validation));
            }
        }

        var ordered = validation
            .OrderBy(s => s.Model, StringComparer.Ordinal)
            .ThenBy(s => s.Checkpoint, NaturalStringComparer.Instance)
            .ThenBy(s => s.TtaVersion)
            .ToList();
        var teachers = ordered.Where(s => s.Model != studentModel).ToList();
        // Keyed by reference: two sets may be equal as records yet be different files.
        var accuracy = new Dictionary<PredictionSet, double>(ReferenceEqualityComparer.Instance);
        foreach (var set in ordered)
        {
            accuracy.TryAdd(set, Accuracy(set));
        }

        var steps = new List<(string Step, double? Accuracy, string Detail)>();
        // What each measured step used: its validation sets and their weights, to score the same choice on test.
        var chosen = new Dictionary<string, (IReadOnlyList<PredictionSet> Sets, double[] Weights)>(StringComparer.Ordinal);

        // Single: the best plain checkpoint (first in model/checkpoint order on a tie).
        var plain = teachers.Where(IsPlain).ToList();
        PredictionSet? single = plain.Count == 0 ? null : plain.MaxBy(s => accuracy[s]);
        if (single is not null)
        {
            chosen[LadderSteps.Single] = ([single], [1.0]);
        }

        steps.Add(single is null
            ? (LadderSteps.Single, null, "no plain predictions (TTA version -1) to measure a checkpoint without TTA")
            : (LadderSteps.Single, accuracy[single], $"{single.Model}/{single.Checkpoint} without TTA"));

        // TTA: the same checkpoint's best version; without a plain baseline, the best TTA'd set overall.
        var augmented = teachers.Where(s => !IsPlain(s)).ToList();
        var candidates = single is null ? augmented : augmented.Where(s => s.Model == single.Model && s.Checkpoint == single.Checkpoint).ToList();
        PredictionSet? tta = candidates.Count == 0 ? null : candidates.MaxBy(s => accuracy[s]);
        if (tta is not null)
        {
            chosen[LadderSteps.Tta] = ([tta], [1.0]);
        }

        steps.Add(tta is null
            ? (LadderSteps.Tta, null, single is null ? "no TTA predictions" : $"no TTA predictions of {single.Model}/{single.Checkpoint}")
            : (LadderSteps.Tta, accuracy[tta], $"{tta.Model}/{tta.Checkpoint} with {PredictionSetExtensions.TtaName(tta.TtaVersion)}"));

        var bestModel = (single ?? tta ?? teachers.MaxBy(s => accuracy[s]))?.Model;
        var ofModel = bestModel is null ? [] : PreferAugmented(teachers.Where(s => s.Model == bestModel));
        steps.Add(ofModel.Count == 0
            ? (LadderSteps.CheckpointEnsemble, null, "no model to ensemble")
            : (LadderSteps.CheckpointEnsemble, Measure(LadderSteps.CheckpointEnsemble, ofModel), Describe(ofModel, config.Method)));

        var all = PreferAugmented(teachers);
        steps.Add(all.Count == 0
            ? (LadderSteps.ModelEnsemble, null, "no model besides the student")
            : (LadderSteps.ModelEnsemble, Measure(LadderSteps.ModelEnsemble, all), Describe(all, config.Method)));

        // An experiment without a student (pseudolabeling off) has no pseudolabel step at all.
        if (studentModel is not null)
        {
            var withStudent = PreferAugmented(ordered);
            steps.Add(!ordered.Any(s => s.Model == studentModel)
                ? (LadderSteps.Pseudolabel, null, $"no predictions of the student '{studentModel}'")
                : (LadderSteps.Pseudolabel, Measure(LadderSteps.Pseudolabel, withStudent), Describe(withStudent, config.Method)));
        }

        var testSets = test is { Count: > 0 } && test.All(s => s.Labels.All(l => l >= 0)) ? test : null;
        var ladder = new List<LadderStep>();
        EnsembleResult? previousOnTest = null;
        EnsembleResult? ttaOnTest = null;
        for (var i = 0; i < steps.Count; i++)
        {
            var previous = i == 0 ? null : steps[i - 1].Accuracy;
            var gain = steps[i].Accuracy is { } current && previous is { } before ? current - before : (double?)null;
            var onTest = testSets is not null && chosen.TryGetValue(steps[i].Step, out var choice) ? PredictOnTest(choice.Sets, choice.Weights, testSets, config) : null;
            // ttaOnTest is set after the TTA step is added: the steps up to it have no comparison with it.
            ladder.Add(new LadderStep(steps[i].Step, steps[i].Accuracy, gain, steps[i].Detail,
                onTest is null ? null : ClassificationMetrics.Accuracy(onTest.Predicted, onTest.Labels),
                Paired(previousOnTest, onTest),
                Paired(ttaOnTest, onTest)));
            if (steps[i].Step == LadderSteps.Tta)
            {
                ttaOnTest = onTest;
            }

            previousOnTest = onTest;
        }
        return ladder;

        static PairedChange? Paired(EnsembleResult? before, EnsembleResult? after) =>
            before is not null && after is not null && after.Ids.SequenceEqual(before.Ids)
                ? PairedChange.Between(before.Predicted, after.Predicted, after.Labels)
                : null;

        double Measure(string step, IReadOnlyList<PredictionSet> sets)
        {
            var weights = Weights(sets, config);
            chosen[step] = (sets, weights);
            return Combine(sets, weights, config);
        }
    }

    /// <summary>
    /// The test predictions of the sets chosen on validation, combined with the weights found there; null when a chosen
    /// set has no test counterpart (same model, checkpoint and TTA version).
    /// </summary>
    private static EnsembleResult? PredictOnTest(IReadOnlyList<PredictionSet> chosenSets, double[] weights, IReadOnlyList<PredictionSet> test, EnsembleConfig config)
    {
        var counterparts = new List<PredictionSet>();
        foreach (var set in chosenSets)
        {
            if (test.FirstOrDefault(t => t.Model == set.Model && t.Checkpoint == set.Checkpoint && t.TtaVersion == set.TtaVersion) is not { } match)
            {
                return null;
            }

            counterparts.Add(match);
        }

        return Predict(counterparts, weights, config);
    }

    /// <summary>Member weights: greedy selection counts fitted on <paramref name="sets"/> for <c>greedy</c>, otherwise all 1.</summary>
    private static double[] Weights(IReadOnlyList<PredictionSet> sets, EnsembleConfig config) =>
        config.Method == EnsembleMethods.Greedy
            ? GreedySelection.Select(sets, config.Greedy).Counts.Select(c => (double)c).ToArray()
            : Enumerable.Repeat(1.0, sets.Count).ToArray();

    private static EnsembleResult Predict(IReadOnlyList<PredictionSet> sets, double[] weights, EnsembleConfig config) =>
        config.Method == EnsembleMethods.Greedy
            ? EnsembleCombiner.Mean(sets, weights)
            : EnsembleCombiner.Combine(config.Method, sets, weights, config.GeometricEpsilon);

    private static double Combine(IReadOnlyList<PredictionSet> sets, double[] weights, EnsembleConfig config)
    {
        var result = Predict(sets, weights, config);
        return ClassificationMetrics.Accuracy(result.Predicted, result.Labels);
    }

    /// <summary>Validation accuracy of <paramref name="sets"/> combined by the configured method, all weights 1 (greedy: fitted on these sets).</summary>
    public static double Ensemble(IReadOnlyList<PredictionSet> sets, EnsembleConfig config) => Combine(sets, Weights(sets, config), config);

    private static bool IsPlain(PredictionSet set) => set.TtaVersion == PredictionSetExtensions.PlainTtaVersion;

    // Per model: its TTA'd sets, or its plain ones if it has no others.
    private static List<PredictionSet> PreferAugmented(IEnumerable<PredictionSet> sets) =>
        sets.GroupBy(s => s.Model)
            .SelectMany(g => g.Any(s => !IsPlain(s)) ? g.Where(s => !IsPlain(s)) : g)
            .ToList();

    private static double Accuracy(PredictionSet set) => ClassificationMetrics.Accuracy(set.Predicted(), set.Labels);

    private static string Describe(IReadOnlyList<PredictionSet> sets, string method)
    {
        var models = sets.Select(s => s.Model).Distinct().ToList();
        var checkpoints = sets.Select(s => (s.Model, s.Checkpoint)).Distinct().Count();
        return string.Create(CultureInfo.InvariantCulture,
            $"{method} of {sets.Count} sets: {string.Join(", ", models)} ({checkpoints} checkpoint{(checkpoints == 1 ? "" : "s")})");
    }
}

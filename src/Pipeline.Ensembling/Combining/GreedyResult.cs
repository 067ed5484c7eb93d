namespace Pipeline.Ensembling.Combining;

/// <summary>
/// Outcome of <see cref="GreedySelection"/>: <see cref="Counts"/>[i] is how often candidate i was
/// picked (its weight in the mean; 0 = left out), <see cref="Order"/> the picks in order up to the best
/// ensemble, <see cref="History"/> the validation accuracy after each pick of the whole run.
/// </summary>
public sealed record GreedyResult(
    IReadOnlyList<int> Counts,
    double Accuracy,
    double LogLoss,
    IReadOnlyList<int> Order,
    IReadOnlyList<double> History);

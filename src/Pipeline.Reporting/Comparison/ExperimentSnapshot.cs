using Pipeline.Reporting.Metrics;

namespace Pipeline.Reporting.Comparison;

/// <summary>
/// One side of a comparison: the experiment's name, its parameters flattened per file or stage
/// (<c>experiments/train_resnet.yaml</c> → <c>optimizer.lr</c> → <c>1e-05</c>), and its report metrics.
/// </summary>
public sealed record ExperimentSnapshot(
    string Name,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Parameters,
    MetricsReport Metrics);

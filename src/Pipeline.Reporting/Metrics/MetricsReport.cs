using Pipeline.Ensembling.Combining;

namespace Pipeline.Reporting.Metrics;

/// <summary>
/// Content of the report's <c>metrics.json</c>. <see cref="HeadlineAccuracy"/> is the submitted
/// ensemble's validation accuracy (what the engine shows per stage); <see cref="TestAccuracy"/> is
/// set only when test ground truth is known (synthetic data).
/// </summary>
public sealed record MetricsReport(
    double? HeadlineAccuracy,
    IReadOnlyList<LadderStep> Ladder,
    IReadOnlyList<ClassAccuracy> PerClass,
    IReadOnlyList<MemberMetrics> Members,
    IReadOnlyList<MethodAccuracy> Methods,
    double? TestAccuracy);

using Pipeline.Reporting.Metrics;

namespace Pipeline.Reporting.Html;

/// <summary>
/// Everything the report shows, loaded by the caller; <see cref="ReportRenderer"/> reads no file but
/// <see cref="AugmentationPreviewPath"/>. Optional sections are left out of the page when empty.
/// </summary>
public sealed record ReportInput
{
    /// <summary>The experiment's name, shown under the title.</summary>
    public required string ExperimentName { get; init; }

    /// <summary>The page title.</summary>
    public string Title { get; init; } = "Grocery product classification";

    /// <summary>Ladder, methods, per-class accuracy and members (the content of <c>metrics.json</c>).</summary>
    public required MetricsReport Metrics { get; init; }

    /// <summary>Class names in index order (labels of the confusion matrix).</summary>
    public IReadOnlyList<string> Classes { get; init; } = [];

    /// <summary>Validation confusion matrix of the submitted ensemble, [true][predicted]; null leaves the section out.</summary>
    public int[][]? ConfusionMatrix { get; init; }

    /// <summary>One learning curve per trained model, from its <c>metrics.jsonl</c>.</summary>
    public IReadOnlyList<LearningCurve> LearningCurves { get; init; } = [];

    /// <summary>Path of the augmentation preview PNG (embedded in the page), or null.</summary>
    public string? AugmentationPreviewPath { get; init; }

    /// <summary>The pseudolabel stage's summary, or null when the experiment has no student.</summary>
    public PseudolabelSummary? Pseudolabels { get; init; }

    /// <summary>The build's plan with timings, one row per stage run.</summary>
    public IReadOnlyList<PlanRow> Plan { get; init; } = [];

    /// <summary>The plan as the console printed it, shown verbatim when set.</summary>
    public string? PlanText { get; init; }

    /// <summary>Image counts per class and split from the data report, or null.</summary>
    public DataCounts? Data { get; init; }

    /// <summary>Free-text remarks shown at the top (a known caveat, the data source).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}

namespace Pipeline.Reporting.Html;

/// <summary>What the Pseudolabel stage did: the selection rule in words, images taken per class (aligned with <see cref="Classes"/>), and teacher vs student validation accuracy.</summary>
public sealed record PseudolabelSummary(
    string Rule,
    int TestImages,
    IReadOnlyList<string> Classes,
    IReadOnlyList<int> CountsPerClass,
    double? TeacherValAccuracy,
    double? StudentValAccuracy);

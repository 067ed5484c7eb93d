namespace Pipeline.Reporting.Html;

/// <summary>The self-contained page (figures inlined as data URIs) and the figures themselves, for saving beside it.</summary>
public sealed record RenderedReport(string Html, IReadOnlyList<ReportFigure> Figures);

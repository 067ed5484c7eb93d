namespace Pipeline.Reporting.Html;

/// <summary>A PNG figure of the report: the file name it is also saved under, its alternative text, and its bytes.</summary>
public sealed record ReportFigure(string FileName, string AltText, byte[] Png);

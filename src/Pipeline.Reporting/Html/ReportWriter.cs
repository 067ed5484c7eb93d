using Pipeline.Foundation;

namespace Pipeline.Reporting.Html;

/// <summary>Writes a rendered report into a folder: <c>index.html</c> plus each figure as its own PNG (the page does not need them; they are for reuse).</summary>
public static class ReportWriter
{
    /// <summary>Renders <paramref name="input"/> and writes the files atomically; returns the path of <c>index.html</c>.</summary>
    public static string Write(string directory, ReportInput input)
    {
        var report = ReportRenderer.Render(input);
        Directory.CreateDirectory(directory);
        foreach (var figure in report.Figures)
        {
            AtomicFile.WriteAllBytes(Path.Combine(directory, figure.FileName), figure.Png);
        }

        var index = Path.Combine(directory, "index.html");
        AtomicFile.WriteAllText(index, report.Html);
        return index;
    }
}

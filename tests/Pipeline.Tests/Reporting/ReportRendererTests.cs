using System.Text.RegularExpressions;
using Pipeline.Reporting.Charts;
using Pipeline.Reporting.Html;
using Xunit;

namespace Pipeline.Tests.Reporting;

public sealed class ReportRendererTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("report-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    internal static string WritePreview(string directory)
    {
        var path = Path.Combine(directory, "augmentation_preview.png");
        File.WriteAllBytes(path, ReportCharts.Placeholder("augmentation preview", 320, 160));
        return path;
    }

    [Fact]
    public void Page_is_self_contained_and_escaped()
    {
        var report = ReportRenderer.Render(ReportFixtures.Input(WritePreview(_directory)));
        var html = report.Html;

        Assert.DoesNotMatch(new Regex("(src|href)=\"(?!data:)"), html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("@import", html);
        Assert.Contains("tiny &lt;default&gt;", html);
        Assert.Equal(5, Regex.Matches(html, "<tr data-step=").Count);
        Assert.Contains("<td class=\"num up\">+10.00 pp</td>", html);
        // Ladder, methods, per-class, confusion, 2 curves per model, and the embedded preview.
        Assert.Equal(9, Regex.Matches(html, "<img src=\"data:image/png;base64,").Count);
        Assert.Equal(8, report.Figures.Count);
        Assert.All(report.Figures, f => Assert.Equal(0x89, f.Png[0]));
        Assert.DoesNotContain(_directory, html);
    }

    [Fact]
    public void Same_input_same_bytes()
    {
        var preview = WritePreview(_directory);

        Assert.Equal(ReportRenderer.Render(ReportFixtures.Input(preview)).Html, ReportRenderer.Render(ReportFixtures.Input(preview)).Html);
    }

    [Fact]
    public void A_missing_preview_is_named()
    {
        var missing = Path.Combine(_directory, "nope.png");

        var error = Assert.Throws<FileNotFoundException>(() => ReportRenderer.Render(ReportFixtures.Input(missing)));
        Assert.Contains(missing, error.Message);
    }

    [Fact]
    public void Writer_saves_page_and_figures()
    {
        var index = ReportWriter.Write(Path.Combine(_directory, "report"), ReportFixtures.Input(null));

        Assert.True(File.Exists(index));
        Assert.True(File.Exists(Path.Combine(_directory, "report", "ladder.png")));
        Assert.True(File.Exists(Path.Combine(_directory, "report", "confusion.png")));
        Assert.DoesNotContain("augmentation-section", File.ReadAllText(index));
    }
}

using System.Text;
using Pipeline.Engine;
using Spectre.Console;

namespace Pipeline.Cli.Display;

/// <summary>
/// The end-of-build table, like NUKE's: target, status, duration, headline metric, then the total. Plain text is
/// deterministic (tests compare it); the Spectre.Console form is for interactive terminals.
/// </summary>
public static class SummaryRenderer
{
    private static readonly string[] Headers = ["Target", "Status", "Duration", "Headline"];

    /// <summary>The summary as plain text with aligned columns and no trailing spaces.</summary>
    public static string RenderPlain(BuildResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var rows = Rows(result);
        var widths = Enumerable.Range(0, Headers.Length)
            .Select(i => rows.Select(r => r[i].Length).Append(Headers[i].Length).Max())
            .ToArray();
        var totalWidth = widths.Sum() + 3 * (widths.Length - 1);
        var text = new StringBuilder();
        text.Append(new string('═', totalWidth)).Append('\n');
        AppendRow(text, Headers, widths);
        text.Append(new string('─', totalWidth)).Append('\n');
        foreach (var row in rows)
        {
            AppendRow(text, row, widths);
        }

        text.Append(new string('─', totalWidth)).Append('\n');
        AppendRow(text, ["Total", "", DurationText.Format(result.Duration), ""], widths);
        text.Append(new string('═', totalWidth)).Append('\n');
        foreach (var failure in result.Failures.Concat(result.RemoteFailures))
        {
            text.Append(failure).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Writes the summary as a Spectre.Console table.</summary>
    public static void Render(IAnsiConsole console, BuildResult result)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(result);
        var table = new Table().Border(TableBorder.Simple);
        foreach (var header in Headers)
        {
            table.AddColumn(new TableColumn(header));
        }

        foreach (var row in Rows(result))
        {
            var colour = row[1] switch
            {
                "ran" => "green",
                "cached" or "pulled" => "grey",
                "failed" => "red",
                _ => "yellow",
            };
            table.AddRow(
                Markup.Escape(row[0]),
                $"[{colour}]{Markup.Escape(row[1])}[/]",
                Markup.Escape(row[2]),
                Markup.Escape(row[3]));
        }

        table.AddEmptyRow();
        table.AddRow("[bold]Total[/]", "", Markup.Escape(DurationText.Format(result.Duration)), "");
        console.Write(table);
        foreach (var failure in result.Failures.Concat(result.RemoteFailures))
        {
            console.MarkupLine($"[red]{Markup.Escape(failure)}[/]");
        }
    }

    private static List<string[]> Rows(BuildResult result) =>
        result.Targets.Select(t => new[]
        {
            t.Target,
            t.Status == RunStatus.Cached && t.Runs.Any(r => r.Pulled) ? "pulled" : t.Status.ToDisplayString(),
            t.Status is RunStatus.Ran or RunStatus.Failed ? DurationText.Format(t.Duration) : "-",
            t.Headline ?? "",
        }).ToList();

    private static void AppendRow(StringBuilder text, IReadOnlyList<string> cells, int[] widths)
    {
        var line = new StringBuilder();
        for (var i = 0; i < cells.Count; i++)
        {
            line.Append(cells[i].PadRight(widths[i]));
            if (i < cells.Count - 1)
            {
                line.Append("   ");
            }
        }

        text.Append(line.ToString().TrimEnd()).Append('\n');
    }
}

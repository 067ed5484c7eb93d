using System.Text;

namespace Pipeline.Reporting.Comparison;

/// <summary>Plain-text table with columns padded to their widest cell, two spaces apart, no trailing spaces.</summary>
public static class TextTable
{
    /// <summary>The table: the header, then one line per row.</summary>
    public static string Render(IReadOnlyList<string> header, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var widths = header.Select((h, c) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[c].Length))).ToArray();
        var text = new StringBuilder();
        void Line(IReadOnlyList<string> cells)
        {
            var line = new StringBuilder();
            for (var c = 0; c < cells.Count; c++)
            {
                if (c > 0)
                {
                    line.Append("  ");
                }

                line.Append(cells[c].PadRight(widths[c]));
            }
            text.Append(line.ToString().TrimEnd()).Append('\n');
        }
        Line(header);
        foreach (var row in rows)
        {
            Line(row);
        }

        return text.ToString();
    }
}

using System.Globalization;
using System.Text;
using Pipeline.Engine;
using Pipeline.Reporting.Comparison;

namespace Pipeline.Stages.History;

/// <summary>Two builds of one history side by side: the parameters that differ, then every recorded metric with its change.</summary>
public static class BuildComparison
{
    /// <summary>Both tables under headings; columns are named <c>#N</c> after the builds' numbers in Runs.</summary>
    public static string Render(BuildRecord old, string oldName, BuildRecord @new, string newName)
    {
        ArgumentNullException.ThrowIfNull(old);
        ArgumentNullException.ThrowIfNull(@new);
        var parameters = HistoryTable.ParameterDiff(old, @new).Select(c => (IReadOnlyList<string>)[c.File, c.Key, c.Old, c.New]).ToList();

        var metrics = new List<IReadOnlyList<string>>();
        foreach (var name in old.Metrics.Keys.Union(@new.Metrics.Keys).Order(StringComparer.Ordinal))
        {
            double? x = old.Metrics.TryGetValue(name, out var va) ? va : null;
            double? y = @new.Metrics.TryGetValue(name, out var vb) ? vb : null;
            var change = x is { } p && y is { } q ? Math.Round(q - p, 4) : (double?)null;
            metrics.Add([
                name,
                x is { } xv ? HistoryTable.Format(xv) : "-",
                y is { } yv ? HistoryTable.Format(yv) : "-",
                change is { } c ? (c == 0 ? "0.0000" : c.ToString("+0.0000;-0.0000", CultureInfo.InvariantCulture)) : "-",
            ]);
        }

        return new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"Builds {oldName} ({old.Id}) and {newName} ({@new.Id}) of {@new.Experiment}\n\n")
            .Append("Parameters\n")
            .Append(parameters.Count == 0 ? "No parameter changes.\n" : TextTable.Render(["File", "Param", oldName, newName], parameters))
            .Append('\n')
            .Append("Metrics\n")
            .Append(metrics.Count == 0 ? "No metrics recorded.\n" : TextTable.Render(["Metric", oldName, newName, "Change"], metrics))
            .ToString();
    }
}

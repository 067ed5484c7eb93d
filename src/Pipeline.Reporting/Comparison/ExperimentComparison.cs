using System.Globalization;
using System.Text;
using Pipeline.Reporting.Metrics;

namespace Pipeline.Reporting.Comparison;

/// <summary>
/// Compares two experiments as <c>dvc params diff</c> and <c>dvc metrics diff</c> do: a table of the
/// parameters that differ (path, param, old, new) and a table of metrics (path, metric, old, new,
/// change). Rows are sorted, numbers fixed to 4 decimals, so the text is deterministic.
/// </summary>
public static class ExperimentComparison
{
    /// <summary>The path metrics rows carry, as in dvc's output.</summary>
    public const string MetricsPath = "metrics.json";

    /// <summary>Both tables, parameters first, each under a heading.</summary>
    public static string Render(ExperimentSnapshot old, ExperimentSnapshot @new, bool allParams = false, bool allMetrics = true)
    {
        ArgumentNullException.ThrowIfNull(old);
        ArgumentNullException.ThrowIfNull(@new);
        return new StringBuilder()
            .Append("Parameters\n").Append(ParamsDiff(old, @new, allParams))
            .Append('\n')
            .Append("Metrics\n").Append(MetricsDiff(old, @new, allMetrics))
            .ToString();
    }

    /// <summary>Parameters that differ (or all with <paramref name="all"/>); a key one side lacks shows "-".</summary>
    public static string ParamsDiff(ExperimentSnapshot old, ExperimentSnapshot @new, bool all = false)
    {
        var rows = new List<IReadOnlyList<string>>();
        foreach (var path in old.Parameters.Keys.Union(@new.Parameters.Keys).Order(StringComparer.Ordinal))
        {
            var before = old.Parameters.GetValueOrDefault(path);
            var after = @new.Parameters.GetValueOrDefault(path);
            var keys = (before?.Keys ?? []).Union(after?.Keys ?? []).Order(StringComparer.Ordinal);
            foreach (var key in keys)
            {
                var a = before is not null && before.TryGetValue(key, out var x) ? x : null;
                var b = after is not null && after.TryGetValue(key, out var y) ? y : null;
                if (!all && a == b)
                {
                    continue;
                }

                rows.Add([path, key, a ?? "-", b ?? "-"]);
            }
        }
        return rows.Count == 0 && !all
            ? "No parameter changes.\n"
            : TextTable.Render(["Path", "Param", old.Name, @new.Name], rows);
    }

    /// <summary>Metrics of both sides with their change; with <paramref name="all"/> false only those that changed.</summary>
    public static string MetricsDiff(ExperimentSnapshot old, ExperimentSnapshot @new, bool all = true)
    {
        var before = Flatten(old.Metrics);
        var after = Flatten(@new.Metrics);
        var names = before.Select(m => m.Name).Concat(after.Select(m => m.Name)).Distinct().ToList();
        var rows = new List<IReadOnlyList<string>>();
        foreach (var name in names)
        {
            var a = before.FirstOrDefault(m => m.Name == name).Value;
            var b = after.FirstOrDefault(m => m.Name == name).Value;
            if (!all && Format(a) == Format(b))
            {
                continue;
            }

            var change = a is { } x && b is { } y ? Signed(y - x) : "-";
            rows.Add([MetricsPath, name, Format(a), Format(b), change]);
        }
        return rows.Count == 0 && !all
            ? "No metric changes.\n"
            : TextTable.Render(["Path", "Metric", old.Name, @new.Name, "Change"], rows);
    }

    /// <summary>
    /// The metrics as dotted names in a fixed order: <c>headline</c>, <c>ladder.&lt;step&gt;</c>,
    /// <c>ladder_test.&lt;step&gt;</c> (where the test labels are known), <c>methods.&lt;method&gt;</c>,
    /// <c>test_accuracy</c>, <c>per_class.&lt;class&gt;</c>.
    /// </summary>
    public static IReadOnlyList<(string Name, double? Value)> Flatten(MetricsReport metrics)
    {
        var result = new List<(string, double?)>();
        if (metrics.HeadlineAccuracy is not null)
        {
            result.Add(("headline.val_accuracy", metrics.HeadlineAccuracy));
        }

        result.AddRange(metrics.Ladder.Select(s => ($"ladder.{s.Step}", s.Accuracy)));
        result.AddRange(metrics.Ladder.Where(s => s.TestAccuracy is not null).Select(s => ($"ladder_test.{s.Step}", s.TestAccuracy)));
        result.AddRange(metrics.Methods.Select(m => ($"methods.{m.Method}", (double?)m.Accuracy)));
        if (metrics.TestAccuracy is not null)
        {
            result.Add(("test_accuracy", metrics.TestAccuracy));
        }

        result.AddRange(metrics.PerClass.Select(c => ($"per_class.{c.Class}", c.Accuracy)));
        return result;
    }

    private static string Format(double? value) =>
        value is { } v ? v.ToString("0.0000", CultureInfo.InvariantCulture) : "-";

    private static string Signed(double delta)
    {
        var rounded = Math.Round(delta, 4);
        return rounded == 0 ? "0.0000" : rounded.ToString("+0.0000;-0.0000", CultureInfo.InvariantCulture);
    }
}

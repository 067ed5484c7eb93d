using System.Globalization;
using Pipeline.Engine;
using Pipeline.Reporting.Comparison;

namespace Pipeline.Stages.History;

/// <summary>
/// The Runs table, in the manner of <c>dvc exp show</c>: one row per build (its number in the history, when, what
/// it built, how it went, how many runs executed), a column per run headline metric, and what changed in the
/// parameters since the build before it.
/// </summary>
public static class HistoryTable
{
    /// <summary>How many parameter changes a row names before it says "(+N more)".</summary>
    public const int MaxChangesShown = 3;

    /// <summary>The last <paramref name="last"/> builds of <paramref name="records"/> (oldest first), numbered from 1 over the whole history.</summary>
    public static string Render(IReadOnlyList<BuildRecord> records, int last)
    {
        ArgumentNullException.ThrowIfNull(records);
        var first = Math.Max(0, records.Count - last);
        var shown = records.Skip(first).ToList();
        // Headline metrics only (the report's many metrics are for Compare), in run order of the newest build.
        var metricNames = shown.AsEnumerable().Reverse()
            .SelectMany(r => r.Runs.SelectMany(run => r.Metrics.Keys.Where(k => k.StartsWith(run.RunId + ".", StringComparison.Ordinal) && k.IndexOf('.', run.RunId.Length + 1) < 0)))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var rows = new List<IReadOnlyList<string>>();
        for (var i = 0; i < shown.Count; i++)
        {
            var index = first + i;
            var record = shown[i];
            var row = new List<string>
            {
                (index + 1).ToString(CultureInfo.InvariantCulture),
                record.Started.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                string.Join(' ', record.Targets),
                record.Succeeded ? "ok" : "failed",
                record.Runs.Count(r => r.Status == "ran").ToString(CultureInfo.InvariantCulture),
            };
            row.AddRange(metricNames.Select(name => record.Metrics.TryGetValue(name, out var value) ? Format(value) : "-"));
            row.Add(Changes(index == 0 ? null : records[index - 1], record));
            rows.Add(row);
        }

        return TextTable.Render(["#", "started (UTC)", "targets", "result", "ran", .. metricNames, "changed"], rows);
    }

    /// <summary>Parameters that differ from <paramref name="before"/> to <paramref name="after"/>, by file and key; "-" where one lacks it.</summary>
    public static IReadOnlyList<(string File, string Key, string Old, string New)> ParameterDiff(BuildRecord before, BuildRecord after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var changes = new List<(string, string, string, string)>();
        foreach (var file in before.Parameters.Keys.Union(after.Parameters.Keys).Order(StringComparer.Ordinal))
        {
            var a = before.Parameters.GetValueOrDefault(file) ?? [];
            var b = after.Parameters.GetValueOrDefault(file) ?? [];
            foreach (var key in a.Keys.Union(b.Keys).Order(StringComparer.Ordinal))
            {
                var old = a.GetValueOrDefault(key) ?? "-";
                var now = b.GetValueOrDefault(key) ?? "-";
                if (old != now)
                {
                    changes.Add((file, key, old, now));
                }
            }
        }

        return changes;
    }

    /// <summary>Parameter changes as <c>file: key old -> new</c>.</summary>
    public static IReadOnlyList<string> ParameterChanges(BuildRecord before, BuildRecord after) =>
        ParameterDiff(before, after).Select(c => $"{c.File}: {c.Key} {c.Old} -> {c.New}").ToList();

    private static string Changes(BuildRecord? before, BuildRecord record)
    {
        if (before is null)
        {
            return "(first build)";
        }

        var changes = ParameterChanges(before, record);
        if (changes.Count == 0)
        {
            return before.Runs.Select(r => r.Key).SequenceEqual(record.Runs.Select(r => r.Key))
                ? "(nothing)"
                : "(no parameter; code, data or targets)";
        }

        var text = string.Join("; ", changes.Take(MaxChangesShown));
        return changes.Count > MaxChangesShown ? $"{text} (+{changes.Count - MaxChangesShown} more)" : text;
    }

    /// <summary>A metric with 4 decimals, invariant culture.</summary>
    public static string Format(double value) => value.ToString("0.0000", CultureInfo.InvariantCulture);
}

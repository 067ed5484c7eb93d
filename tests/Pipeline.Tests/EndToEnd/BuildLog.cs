using System.Text.RegularExpressions;
using Pipeline.Tests.Support;
using Xunit;

namespace Pipeline.Tests.EndToEnd;

/// <summary>What a <c>_build</c> process printed: which runs started, the summary table, the plan.</summary>
public static partial class BuildLog
{
    /// <summary>Run ids with a "<c>X: started</c>" line (a stage process was launched), ordinal order.</summary>
    public static IReadOnlyList<string> Started(BuildRun run) =>
        [.. Lines(run.All).Select(l => StartedLine().Match(l)).Where(m => m.Success).Select(m => m.Groups[1].Value).Distinct().Order(StringComparer.Ordinal)];

    /// <summary>The summary table: target → status (<c>cached</c>, <c>pulled</c>, <c>ran</c>, <c>failed</c>, <c>skipped</c>).</summary>
    public static IReadOnlyDictionary<string, string> Summary(BuildRun run)
    {
        var lines = Lines(run.All);
        var header = Array.FindIndex(lines, l => SummaryHeader().IsMatch(l));
        Assert.True(header >= 0, $"no summary table in the output:\n{run.All}");
        var table = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in lines.Skip(header + 1))
        {
            var match = SummaryRow().Match(line);
            if (line.StartsWith("Total", StringComparison.Ordinal))
            {
                break;
            }

            if (match.Success)
            {
                table[match.Groups[1].Value] = match.Groups[2].Value;
            }
        }

        return table;
    }

    /// <summary>The plan: target → <c>cached</c> or <c>run (...)</c>, in printed order.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Plan(BuildRun run) =>
        [.. Lines(run.Output).Select(l => PlanLine().Match(l)).Where(m => m.Success).Select(m => KeyValuePair.Create(m.Groups[1].Value, m.Groups[2].Value))];

    /// <summary>Targets the plan says will run.</summary>
    public static IReadOnlyList<string> PlannedToRun(BuildRun run) =>
        [.. Plan(run).Where(p => p.Value.StartsWith("run", StringComparison.Ordinal)).Select(p => p.Key).Order(StringComparer.Ordinal)];

    /// <summary>Targets the summary says ran.</summary>
    public static IReadOnlyList<string> Ran(BuildRun run) =>
        [.. Summary(run).Where(p => p.Value == "ran").Select(p => p.Key)];

    /// <summary>
    /// Everything the build printed and, for each failed run, the end of its log (the temp folder holding the
    /// logs is deleted with the experiment, so a failure message must carry them).
    /// </summary>
    public static string Describe(BuildRun run)
    {
        var text = new System.Text.StringBuilder(run.All);
        foreach (var log in Lines(run.All).Select(l => FailedLog().Match(l)).Where(m => m.Success).Select(m => m.Groups[1].Value).Distinct())
        {
            if (File.Exists(log))
            {
                var tail = File.ReadAllLines(log).Where(l => !l.Contains("NNPACK", StringComparison.Ordinal)).TakeLast(40);
                text.Append($"\n--- end of {log} ---\n").AppendJoin('\n', tail).Append('\n');
            }
        }

        return text.ToString();
    }

    public static string[] Lines(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');

    [GeneratedRegex(@"^([A-Za-z]+(?:/[A-Za-z0-9_\-]+)?): started\b")]
    private static partial Regex StartedLine();

    [GeneratedRegex(@"failed: .*; log: (\S+\.log)$")]
    private static partial Regex FailedLog();

    [GeneratedRegex(@"^Target\s+Status\s+Duration")]
    private static partial Regex SummaryHeader();

    [GeneratedRegex(@"^([A-Z][A-Za-z]+)\s+(cached|pulled|ran|failed|skipped)\b")]
    private static partial Regex SummaryRow();

    [GeneratedRegex(@"^([A-Z][A-Za-z]+): (cached|cached \(remote\)|run \(.*\))$")]
    private static partial Regex PlanLine();
}

using System.Globalization;
using System.Text.RegularExpressions;
using Pipeline.Engine;

namespace Pipeline.Stages.History;

/// <summary>Finds a build in a history by what a user types: its number in <c>Runs</c> (1 = oldest), <c>last</c>, <c>last~N</c>, or its id.</summary>
public static partial class BuildSelector
{
    /// <summary>The record, or an error message saying what the history holds.</summary>
    public static (BuildRecord? Record, string? Error) Find(IReadOnlyList<BuildRecord> records, string selector)
    {
        ArgumentNullException.ThrowIfNull(records);
        int? index = null;
        if (int.TryParse(selector, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            index = number - 1;
        }
        else if (LastPattern().Match(selector) is { Success: true } match)
        {
            index = records.Count - 1 - (match.Groups["n"].Success ? int.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture) : 0);
        }
        else if (records.Select((r, i) => (r, i)).FirstOrDefault(p => p.r.Id == selector) is { r: not null } byId)
        {
            index = byId.i;
        }

        if (index is { } i && i >= 0 && i < records.Count)
        {
            return (records[i], null);
        }

        return (null, records.Count == 0
            ? $"--build {selector}: the history is empty (no build of this experiment was recorded yet)"
            : $"--build {selector}: no such build; the history holds builds 1 to {records.Count} (also: last, last~N, or a build id; see ./build.sh Runs)");
    }

    /// <summary>The number <c>Runs</c> shows for a record.</summary>
    public static int NumberOf(IReadOnlyList<BuildRecord> records, BuildRecord record) => records.ToList().IndexOf(record) + 1;

    [GeneratedRegex(@"^last(~(?<n>\d+))?$")]
    private static partial Regex LastPattern();
}

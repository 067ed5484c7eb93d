using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Pipeline.Tests.Support;
using Xunit;

namespace Pipeline.Tests.EndToEnd;

/// <summary>Normalisation before snapshotting: no temp paths, keys, hashes or float noise.</summary>
public static partial class Scrub
{
    /// <summary>
    /// Replaces the experiment folder, artifacts folder and temp root by placeholders, 32-hex keys by <c>&lt;hash&gt;</c>
    /// and the plan's measured duration estimates by <c>&lt;duration&gt;</c>.
    /// </summary>
    public static string Text(string text, TinyExperiment experiment)
    {
        text = text
            .Replace(experiment.Directory, "<experiment>", StringComparison.Ordinal)
            .Replace(experiment.Artifacts, "<artifacts>", StringComparison.Ordinal)
            .Replace(experiment.Root, "<root>", StringComparison.Ordinal);
        return Estimate().Replace(Hex().Replace(text, "<hash>"), "estimated <duration>");
    }

    /// <summary>Non-empty lines of scrubbed text (a list snapshots as one JSON line per entry: readable diffs).</summary>
    public static IReadOnlyList<string> Lines(string text, TinyExperiment experiment) =>
        [.. BuildLog.Lines(Text(text, experiment)).Where(l => l.Length > 0)];

    /// <summary>A JSON document as plain dictionaries/lists/values, every number rounded to <paramref name="decimals"/>.</summary>
    public static object? Rounded(JsonNode? node, int decimals) => node switch
    {
        null => null,
        JsonObject obj => obj.ToDictionary(p => p.Key, p => Rounded(p.Value, decimals)),
        JsonArray array => array.Select(n => Rounded(n, decimals)).ToList(),
        JsonValue value when value.TryGetValue<string>(out var s) => s,
        JsonValue value when value.TryGetValue<bool>(out var b) => b,
        JsonValue value when value.TryGetValue<long>(out var l) => l,
        JsonValue value => Math.Round(value.GetValue<double>(), decimals, MidpointRounding.AwayFromZero),
        _ => throw new NotSupportedException(node.GetType().Name),
    };

    /// <summary>A JSON value as plain dictionaries/lists/values, numbers unchanged (for exact inputs such as parameters).</summary>
    public static object? Plain(JsonNode? node) => node switch
    {
        null => null,
        JsonObject obj => obj.ToDictionary(p => p.Key, p => Plain(p.Value)),
        JsonArray array => array.Select(Plain).ToList(),
        JsonValue value when value.TryGetValue<string>(out var s) => s,
        JsonValue value when value.TryGetValue<bool>(out var b) => b,
        JsonValue value when value.TryGetValue<long>(out var l) => l,
        JsonValue value => value.GetValue<double>(),
        _ => throw new NotSupportedException(node.GetType().Name),
    };

    [GeneratedRegex("\\b[0-9a-f]{32}\\b")]
    private static partial Regex Hex();

    [GeneratedRegex(@"estimated \d+:\d\d(:\d\d)?")]
    private static partial Regex Estimate();
}

using System.Globalization;
using System.Text.Json.Nodes;

namespace Pipeline.Engine;

/// <summary>
/// Flattens nested parameters into dotted paths (<c>optimizer.lr</c>, <c>augment.ops[1].p</c>) so that a plan can
/// name the one value that changed and the lock file can list them line by line.
/// </summary>
public static class ParameterFlattener
{
    /// <summary>Leaf values by path, sorted ordinally; values are canonical JSON text (<c>0.001</c>, <c>"sgd"</c>).</summary>
    public static SortedDictionary<string, string> Flatten(JsonObject parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in parameters)
        {
            Add(result, key, value);
        }

        return result;
    }

    /// <summary>The source file of a flattened path: the longest matching entry (exact or a parent prefix), if any.</summary>
    public static string? SourceOf(IReadOnlyDictionary<string, string> sources, string path)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var candidate = path;
        while (true)
        {
            if (sources.TryGetValue(candidate, out var source))
            {
                return source;
            }

            var cut = Math.Max(candidate.LastIndexOf('.'), candidate.LastIndexOf('['));
            if (cut <= 0)
            {
                return sources.TryGetValue("", out var root) ? root : null;
            }

            candidate = candidate[..cut];
        }
    }

    private static void Add(SortedDictionary<string, string> result, string path, JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj when obj.Count > 0:
                foreach (var (key, value) in obj)
                {
                    Add(result, path + "." + key, value);
                }

                break;
            case JsonArray array when array.Count > 0:
                for (var i = 0; i < array.Count; i++)
                {
                    Add(result, path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]", array[i]);
                }

                break;
            default:
                result[path] = CanonicalJson.Serialize(node);
                break;
        }
    }
}

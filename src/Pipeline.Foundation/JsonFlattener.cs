using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipeline.Foundation;

/// <summary>
/// Flattens nested JSON into one entry per leaf, by path (<c>optimizer.lr</c>, <c>augment.ops[1].p</c>), sorted
/// ordinally, so that a plan can name the one value that changed and a lock file or a comparison can list values
/// line by line. Keys are joined as written (a key <c>c.txt</c> under <c>files</c> is <c>files.c.txt</c>: the form lock
/// files have always recorded). An empty object or array below the root is a leaf (<c>{}</c>, <c>[]</c>); an empty root
/// has no leaves.
/// </summary>
public static class JsonFlattener
{
    /// <summary>
    /// Leaves by path. Values are canonical JSON text (<c>0.001</c>, <c>"sgd"</c>, <c>null</c>), or with
    /// <paramref name="plainStrings"/> the same with strings unquoted (<c>sgd</c>), for people.
    /// </summary>
    public static SortedDictionary<string, string> Flatten(JsonNode? node, bool plainStrings = false)
    {
        var leaves = new SortedDictionary<string, string>(StringComparer.Ordinal);
        switch (node)
        {
            case JsonObject { Count: 0 }:
            case JsonArray { Count: 0 }:
                break;
            default:
                Add(leaves, "", node, plainStrings);
                break;
        }

        return leaves;
    }

    /// <summary>
    /// The entry of <paramref name="entries"/> (keyed by flattened paths) for <paramref name="path"/>: the longest
    /// matching key, the path itself or a parent of it (<c>optimizer</c> covers <c>optimizer.lr</c>), else the
    /// root entry <c>""</c>, else null.
    /// </summary>
    public static string? ForPathOrParent(IReadOnlyDictionary<string, string> entries, string path)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(path);
        var candidate = path;
        while (true)
        {
            if (entries.TryGetValue(candidate, out var entry))
            {
                return entry;
            }

            var cut = Math.Max(candidate.LastIndexOf('.'), candidate.LastIndexOf('['));
            if (cut <= 0)
            {
                return entries.TryGetValue("", out var root) ? root : null;
            }

            candidate = candidate[..cut];
        }
    }

    private static void Add(SortedDictionary<string, string> leaves, string path, JsonNode? node, bool plainStrings)
    {
        switch (node)
        {
            case JsonObject { Count: > 0 } obj:
                foreach (var (key, value) in obj)
                {
                    Add(leaves, path.Length == 0 ? key : $"{path}.{key}", value, plainStrings);
                }

                break;
            case JsonArray { Count: > 0 } array:
                for (var i = 0; i < array.Count; i++)
                {
                    Add(leaves, $"{path}[{i.ToString(CultureInfo.InvariantCulture)}]", array[i], plainStrings);
                }

                break;
            case JsonValue value when plainStrings && value.GetValueKind() == JsonValueKind.String:
                leaves[path] = value.GetValue<string>();
                break;
            default:
                leaves[path] = CanonicalJson.Serialize(node);
                break;
        }
    }
}

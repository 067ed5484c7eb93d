using System.Collections;
using System.Text.Json.Nodes;
using Pipeline.Config.Binding;
using Pipeline.Foundation;

namespace Pipeline.Config;

/// <summary>
/// Configuration values as canonical JSON, the form used for cache keys, plan reasons and snapshots.
/// Keys are the snake_case YAML keys, sorted; a union value is <c>{"case": body}</c>; enums are their
/// snake_case names; doubles use the shortest round-trip spelling. The JSON binds back to an equal value.
/// </summary>
public static class ConfigJson
{
    /// <summary>A configuration record as a JSON object; a union case is wrapped as <c>{"case": body}</c>.</summary>
    public static JsonObject ToJson(object record) =>
        ToNode(record) as JsonObject ?? throw new ArgumentException($"{record.GetType().Name} is not a configuration record.", nameof(record));

    /// <summary>Any supported configuration value (record, list, dictionary, scalar, <see cref="JsonNode"/>) as JSON.</summary>
    public static JsonNode? ToNode(object? value)
    {
        switch (value)
        {
            case null:
                return null;
            case string s:
                return JsonValue.Create(s);
            case bool b:
                return JsonValue.Create(b);
            case int i:
                return JsonValue.Create(i);
            case long l:
                return JsonValue.Create(l);
            case double d:
                // JSON has no NaN or infinity; these spellings bind back through double parsing.
                return double.IsFinite(d) ? JsonValue.Create(d) : JsonValue.Create(d.ToString(System.Globalization.CultureInfo.InvariantCulture));
            case float f:
                return float.IsFinite(f) ? JsonValue.Create(f) : JsonValue.Create(f.ToString(System.Globalization.CultureInfo.InvariantCulture));
            case Enum e:
                return JsonValue.Create(ConfigNaming.ToKey(e.ToString()));
            case JsonNode node:
                return CanonicalJson.Normalize(node);
            case IDictionary dictionary:
                var entries = new JsonObject();
                foreach (var key in dictionary.Keys.Cast<string>().Order(StringComparer.Ordinal))
                {
                    entries[key] = ToNode(dictionary[key]);
                }

                return entries;
            case IEnumerable list:
                return new JsonArray(list.Cast<object?>().Select(ToNode).ToArray());
            default:
                return RecordToJson(value);
        }
    }

    /// <summary>Indented JSON with sorted keys of a configuration value, for snapshots and logs.</summary>
    public static string ToPrettyJson(object? value) => CanonicalJson.Serialize(value as JsonNode ?? ToNode(value), indented: true);

    private static JsonObject RecordToJson(object record)
    {
        var type = record.GetType();
        var shape = RecordShape.For(type);
        var body = new JsonObject();
        foreach (var member in shape.Members.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            body[member.Key] = ToNode(member.Property.GetValue(record));
        }

        return UnionShape.CaseName(type) is { } name ? new JsonObject { [name] = body } : body;
    }
}

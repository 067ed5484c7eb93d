using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipeline.Config.Json;

/// <summary>
/// Writes JSON with object keys sorted (ordinal) at every level and numbers in one spelling
/// (integers as integers, others as shortest round-trip doubles), whatever the node was built from, so
/// equal configurations give equal text.
/// </summary>
internal static class JsonWriting
{
    public static string Write(JsonNode? node, bool indented)
    {
        var options = new JsonWriterOptions
        {
            Indented = indented,
            NewLine = "\n",
            // Configuration text is never embedded in HTML; keep it readable (no \u0027 for ').
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, options))
        {
            Write(writer, node);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>A number's text in the canonical spelling: <c>1</c>, <c>0.001</c>, <c>1E-05</c>.</summary>
    public static string NumberText(JsonValue value)
    {
        var raw = value.ToJsonString();
        if (long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
        {
            return l.ToString(CultureInfo.InvariantCulture);
        }

        // Same text Utf8JsonWriter gives a double, so NumberText and Write agree.
        return JsonValue.Create(double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture)).ToJsonString();
    }

    private static void Write(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject obj:
                writer.WriteStartObject();
                foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(key);
                    Write(writer, value);
                }

                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                WriteValue(writer, (JsonValue)node);
                break;
        }
    }

    private static void WriteValue(Utf8JsonWriter writer, JsonValue value)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                writer.WriteStringValue(value.GetValue<string>());
                break;
            case JsonValueKind.Number:
                writer.WriteRawValue(NumberText(value));
                break;
            case JsonValueKind.True:
                writer.WriteBooleanValue(true);
                break;
            case JsonValueKind.False:
                writer.WriteBooleanValue(false);
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }
}

using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipeline.Engine;

/// <summary>
/// Canonical JSON: object keys sorted ordinally, no whitespace, numbers in one invariant form (integral values
/// without a fraction, others as the shortest round-trip double). Two equal values always give the same bytes,
/// which is what a cache key needs.
/// </summary>
public static class CanonicalJson
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = false,
        // Escaping only what JSON requires keeps parameter values readable in the lock file.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The canonical text of a node (<c>null</c> for a null node).</summary>
    public static string Serialize(JsonNode? node) => Encoding.UTF8.GetString(SerializeToUtf8Bytes(node));

    /// <summary>The canonical UTF-8 bytes of a node.</summary>
    public static byte[] SerializeToUtf8Bytes(JsonNode? node)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, WriterOptions))
        {
            Write(writer, node);
        }

        return stream.ToArray();
    }

    /// <summary>A canonical copy of a node: sorted keys, normalised numbers.</summary>
    public static JsonNode? Normalize(JsonNode? node) => JsonNode.Parse(SerializeToUtf8Bytes(node));

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
                WriteValue(writer, node.AsValue());
                break;
        }
    }

    private static void WriteValue(Utf8JsonWriter writer, JsonValue value)
    {
        // Going through the JSON text handles values created from any CLR type the same way as parsed ones.
        using var document = JsonDocument.Parse(value.ToJsonString());
        var element = document.RootElement;
        switch (element.ValueKind)
        {
            case JsonValueKind.Number:
                WriteNumber(writer, element.GetRawText());
                break;
            case JsonValueKind.String:
                writer.WriteStringValue(element.GetString());
                break;
            case JsonValueKind.True:
                writer.WriteBooleanValue(true);
                break;
            case JsonValueKind.False:
                writer.WriteBooleanValue(false);
                break;
            case JsonValueKind.Null:
                writer.WriteNullValue();
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }

    private static void WriteNumber(Utf8JsonWriter writer, string text)
    {
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            writer.WriteNumberValue(integer);
            return;
        }

        var number = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        // 1.0 in YAML and 1 in code mean the same parameter value, so they must hash the same.
        if (Math.Abs(number) < 9007199254740992d && number == Math.Floor(number))
        {
            writer.WriteNumberValue((long)number);
            return;
        }

        writer.WriteNumberValue(number);
    }
}

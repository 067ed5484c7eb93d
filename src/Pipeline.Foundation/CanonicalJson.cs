using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipeline.Foundation;

/// <summary>
/// Canonical JSON: object keys sorted ordinally at every level, numbers in one invariant spelling (integral values
/// without a fraction, others as the shortest round-trip double), only what JSON requires escaped. Two equal values
/// always give the same bytes, whatever CLR types the nodes were built from: the text cache keys hash and
/// configuration snapshots show.
/// </summary>
public static class CanonicalJson
{
    // 2^53: above it a double no longer holds every integer, so an integral double there stays a double.
    private const double ExactIntegerLimit = 9007199254740992d;

    /// <summary>The canonical text of a node (<c>null</c> for a null node); <paramref name="indented"/> for people (LF line ends).</summary>
    public static string Serialize(JsonNode? node, bool indented = false) => Encoding.UTF8.GetString(SerializeToUtf8Bytes(node, indented));

    /// <summary>The canonical UTF-8 bytes of a node.</summary>
    public static byte[] SerializeToUtf8Bytes(JsonNode? node, bool indented = false)
    {
        var options = new JsonWriterOptions
        {
            Indented = indented,
            NewLine = "\n",
            // Escaping only what JSON requires keeps parameter values readable in lock files and snapshots (no \u0027 for ').
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, options))
        {
            Write(writer, node);
        }

        return stream.ToArray();
    }

    /// <summary>A canonical copy of a node: sorted keys, normalised numbers.</summary>
    public static JsonNode? Normalize(JsonNode? node) => JsonNode.Parse(SerializeToUtf8Bytes(node));

    /// <summary>A number's canonical text: <c>1</c> (also for 1.0), <c>0.001</c>, <c>1E-05</c>.</summary>
    public static string NumberText(JsonValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var (integer, number) = CanonicalNumber(value.ToJsonString());
        // The text Utf8JsonWriter gives the double (shortest round-trip), so NumberText and Serialize agree.
        return integer is { } i ? i.ToString(CultureInfo.InvariantCulture) : JsonValue.Create(number).ToJsonString();
    }

    // An integer when the value is one (1.0 in YAML and 1 in code mean the same parameter value, so they must hash
    // the same), else the double.
    private static (long? Integer, double Number) CanonicalNumber(string raw)
    {
        if (long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return (integer, integer);
        }

        var number = double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture);
        return Math.Abs(number) < ExactIntegerLimit && number == Math.Floor(number) ? ((long)number, number) : (null, number);
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
                var (integer, number) = CanonicalNumber(element.GetRawText());
                if (integer is { } i)
                {
                    writer.WriteNumberValue(i);
                }
                else
                {
                    writer.WriteNumberValue(number);
                }

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
}

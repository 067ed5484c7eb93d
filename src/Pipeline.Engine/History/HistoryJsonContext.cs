using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipeline.Engine;

/// <summary>Source-generated serialisation of history records: camelCase, one line each, nulls left out.</summary>
[JsonSerializable(typeof(BuildRecord))]
internal sealed partial class HistoryJsonContext : JsonSerializerContext
{
    /// <summary>The options history lines are written with.</summary>
    public static HistoryJsonContext Lines { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = false,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}

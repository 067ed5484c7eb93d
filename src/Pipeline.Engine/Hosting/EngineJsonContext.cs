using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipeline.Engine;

/// <summary>
/// Source-generated serialisation of the engine's files. Every stage process reads a spec at start-up; generated
/// code avoids paying for reflection-based serialiser warm-up in each of them.
/// </summary>
[JsonSerializable(typeof(StageSpec))]
[JsonSerializable(typeof(OutputManifest))]
[JsonSerializable(typeof(PipelineLockFile))]
internal sealed partial class EngineJsonContext : JsonSerializerContext
{
    /// <summary>camelCase, indented, nulls left out, only the escaping JSON requires (readable parameter values).</summary>
    public static EngineJsonContext Files { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}

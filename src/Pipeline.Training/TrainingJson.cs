using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipeline.Training;

/// <summary>JSON settings of every file the trainer writes: snake_case keys, like the YAML.</summary>
public static class TrainingJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static JsonSerializerOptions Indented { get; } = new(Options) { WriteIndented = true };
}

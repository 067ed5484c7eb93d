using System.Text.Json;

namespace Pipeline.Config;

/// <summary>How C# names appear in configuration files: snake_case (<c>LabelSmoothing</c> ↔ <c>label_smoothing</c>).</summary>
public static class ConfigNaming
{
    /// <summary>The YAML key of a property, or the YAML spelling of an enum member.</summary>
    public static string ToKey(string name) => JsonNamingPolicy.SnakeCaseLower.ConvertName(name);
}

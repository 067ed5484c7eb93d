using System.Text.Json;

namespace Pipeline.Stages.Kinds;

/// <summary>Reading and writing the JSON files stages hand each other, with errors that name the file.</summary>
internal static class StageJson
{
    /// <summary>snake_case keys, indented: how the stage summary files have always been written.</summary>
    public static JsonSerializerOptions Indented { get; } = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static void Write<T>(string path, T value) => File.WriteAllText(path, JsonSerializer.Serialize(value, Indented));

    /// <summary>The file's record; an unreadable or empty file is an error naming it.</summary>
    public static T Read<T>(string path)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(path), Indented) ?? throw new InvalidDataException($"{path}: empty");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a valid {typeof(T).Name} ({e.Message})", e);
        }
    }
}

using System.Text.Json.Nodes;

namespace Pipeline.Config.Binding;

/// <summary>The shared wording of error messages, so every message names values the same way.</summary>
internal static class Messages
{
    /// <summary><c>'optimizer.lr'</c>, or <c>the document</c> for the root.</summary>
    public static string Name(string path) => path.Length == 0 ? "the document" : $"'{path}'";

    /// <summary><c> in 'optimizer'</c>, or nothing at the top level.</summary>
    public static string In(string path) => path.Length == 0 ? "" : $" in '{path}'";

    public static string Child(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    public static string Index(string path, int index) => $"{path}[{index}]";

    /// <summary><c>'a', 'b', 'c'</c>.</summary>
    public static string QuotedList(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"'{n}'"));

    /// <summary>What a scalar of <paramref name="type"/> must look like: "a number", "true or false".</summary>
    public static string Expectation(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t == typeof(string))
        {
            return "a string";
        }

        if (t == typeof(bool))
        {
            return "true or false";
        }

        if (ScalarTypes.IsInteger(t))
        {
            return "an integer";
        }

        if (ScalarTypes.IsNumber(t))
        {
            return "a number";
        }

        if (t.IsEnum)
        {
            return $"one of {Messages.QuotedList(Enum.GetNames(t).Select(ConfigNaming.ToKey))}";
        }

        if (t == typeof(JsonObject))
        {
            return "a mapping";
        }

        return t == typeof(JsonArray) ? "a list" : t == typeof(JsonValue) ? "a scalar" : "a value";
    }

    public static string TypeName(Type type) =>
        type == typeof(int) ? "a 32-bit integer"
        : type == typeof(long) ? "a 64-bit integer"
        : type == typeof(float) ? "a 32-bit float"
        : "a number";
}

using System.Text.Json.Nodes;

namespace Pipeline.Config.Binding;

/// <summary>The property types that bind from one YAML scalar.</summary>
internal static class ScalarTypes
{
    public static bool IsScalar(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t == typeof(string) || t == typeof(bool) || IsNumber(t) || t.IsEnum;
    }

    public static bool IsNumber(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return IsInteger(t) || t == typeof(double) || t == typeof(float);
    }

    public static bool IsInteger(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t == typeof(int) || t == typeof(long);
    }

    public static bool IsJson(Type type) => typeof(JsonNode).IsAssignableFrom(type);
}

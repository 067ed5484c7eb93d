using System.Globalization;

namespace Pipeline.Config.Binding;

/// <summary>
/// Reads scalar text as the YAML 1.2 core schema does (<c>true</c>/<c>false</c>, decimal integers,
/// floats with <c>.inf</c>/<c>.nan</c>), always in the invariant culture. YAML 1.1's <c>yes</c>/<c>no</c>
/// are refused on purpose: they are strings in YAML 1.2 and a common source of surprises.
/// </summary>
internal static class ScalarParser
{
    public static bool TryParseBool(string text, out bool value)
    {
        switch (text)
        {
            case "true" or "True" or "TRUE":
                value = true;
                return true;
            case "false" or "False" or "FALSE":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }

    public static bool TryParseLong(string text, out long value) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    /// <summary>True when the text is written as an integer but does not fit in a long.</summary>
    public static bool LooksInteger(string text) =>
        text.Length > 0 && text.TrimStart('-', '+').Length > 0 && text.TrimStart('-', '+').All(char.IsAsciiDigit);

    public static bool TryParseDouble(string text, out double value)
    {
        switch (text)
        {
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF":
                value = double.PositiveInfinity;
                return true;
            case "-.inf" or "-.Inf" or "-.INF":
                value = double.NegativeInfinity;
                return true;
            case ".nan" or ".NaN" or ".NAN":
                value = double.NaN;
                return true;
            default:
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }
    }
}

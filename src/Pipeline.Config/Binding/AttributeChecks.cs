using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Pipeline.Config.Yaml;

namespace Pipeline.Config.Binding;

/// <summary>
/// Applies the <see cref="ValidationAttribute"/>s of a property to a written value, with messages that
/// name the key and the allowed range or values instead of the attributes' generic English.
/// </summary>
internal static class AttributeChecks
{
    /// <summary>Reports each failed attribute at <paramref name="node"/>; true when all pass.</summary>
    public static bool Check(ValueBinder binder, MemberShape member, object? value, YamlNode node, string path)
    {
        var ok = true;
        foreach (var attribute in member.Validations)
        {
            var message = attribute switch
            {
                RequiredAttribute when value is null or "" => $"'{path}' must not be empty",
                RequiredAttribute => null,
                _ when value is null => null,
                RangeAttribute range when !range.IsValid(value) => $"'{path}' must be {RangeText(range)}, got {Format(value)}",
                AllowedValuesAttribute allowed when !allowed.IsValid(value) =>
                    $"'{path}' must be one of {string.Join(", ", allowed.Values.Select(Format))}, got {Format(value)}",
                MinLengthAttribute min when !min.IsValid(value) =>
                    $"'{path}' must have at least {Count(min.Length, value)}, got {Length(value)}",
                MaxLengthAttribute max when !max.IsValid(value) =>
                    $"'{path}' must have at most {Count(max.Length, value)}, got {Length(value)}",
                _ when !attribute.IsValid(value) => $"invalid '{path}': {attribute.FormatErrorMessage(member.Key)}",
                _ => null,
            };
            if (message is not null)
            {
                binder.Error(node, path, message);
                ok = false;
            }
        }

        return ok;
    }

    /// <summary><c>between 0 and 1</c>, <c>&gt; 0 and &lt;= 1</c>, or one-sided <c>&gt;= 1</c> when the other bound is the type's limit.</summary>
    private static string RangeText(RangeAttribute range)
    {
        var min = Convert.ToDouble(range.Minimum, CultureInfo.InvariantCulture);
        var max = Convert.ToDouble(range.Maximum, CultureInfo.InvariantCulture);
        var hasMin = !IsLimit(min);
        var hasMax = !IsLimit(max);
        var low = $"{(range.MinimumIsExclusive ? ">" : ">=")} {Format(range.Minimum)}";
        var high = $"{(range.MaximumIsExclusive ? "<" : "<=")} {Format(range.Maximum)}";
        if (hasMin && hasMax)
        {
            return range.MinimumIsExclusive || range.MaximumIsExclusive
                ? $"{low} and {high}"
                : $"between {Format(range.Minimum)} and {Format(range.Maximum)}";
        }

        return hasMin ? low : high;
    }

    private static bool IsLimit(double bound) =>
        double.IsInfinity(bound) || Math.Abs(bound) >= int.MaxValue;

    private static string Count(int length, object value) =>
        value is string ? $"{length} character{(length == 1 ? "" : "s")}" : $"{length} item{(length == 1 ? "" : "s")}";

    private static int Length(object value) => value switch
    {
        string s => s.Length,
        ICollection c => c.Count,
        _ => ((IEnumerable)value).Cast<object?>().Count(),
    };

    private static string Format(object? value) => value switch
    {
        null => "null",
        string s => $"'{s}'",
        Enum e => $"'{ConfigNaming.ToKey(e.ToString())}'",
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}

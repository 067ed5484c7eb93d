using System.Globalization;
using System.Text.RegularExpressions;

namespace Pipeline.Foundation;

/// <summary>Sizes as people write them: <c>500M</c>, <c>2G</c>, <c>1.5GB</c>, <c>10MiB</c>, <c>4096</c> (bytes); 1K = 1024 bytes.</summary>
public static partial class ByteSize
{
    /// <summary>Parses a size; false for anything else.</summary>
    public static bool TryParse(string text, out long bytes)
    {
        bytes = 0;
        var match = Pattern().Match(text ?? "");
        if (!match.Success || !double.TryParse(match.Groups["n"].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        var power = match.Groups["unit"].Value.ToUpperInvariant() switch
        {
            "" or "B" => 0,
            "K" => 1,
            "M" => 2,
            "G" => 3,
            "T" => 4,
            _ => -1,
        };
        var value = number * Math.Pow(1024, power);
        if (power < 0 || value > long.MaxValue)
        {
            return false;
        }

        bytes = (long)value;
        return true;
    }

    /// <summary><c>512 B</c>, <c>12.3 MiB</c>, <c>1.50 GiB</c>.</summary>
    public static string Format(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes} B")
            : string.Create(CultureInfo.InvariantCulture, $"{value:0.0} {units[unit]}");
    }

    [GeneratedRegex(@"^\s*(?<n>\d+(\.\d+)?)\s*(?<unit>[kKmMgGtT]?)(i?[bB])?\s*$")]
    private static partial Regex Pattern();
}

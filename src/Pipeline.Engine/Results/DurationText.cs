using System.Globalization;

namespace Pipeline.Engine;

/// <summary>How every duration the engine prints is written.</summary>
public static class DurationText
{
    /// <summary>Durations as <c>m:ss</c> (or <c>h:mm:ss</c>), rounded down to whole seconds.</summary>
    public static string Format(TimeSpan duration)
    {
        var seconds = (long)Math.Max(0, Math.Floor(duration.TotalSeconds));
        var hours = seconds / 3600;
        var minutes = seconds / 60 % 60;
        var rest = seconds % 60;
        return hours > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{hours}:{minutes:00}:{rest:00}")
            : string.Create(CultureInfo.InvariantCulture, $"{seconds / 60}:{rest:00}");
    }
}

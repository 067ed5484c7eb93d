namespace Pipeline.Config;

/// <summary>Document order for errors, so messages read top to bottom whatever order the binder found them in.</summary>
internal static class ConfigErrorOrder
{
    public static IReadOnlyList<ConfigError> Sort(IEnumerable<ConfigError> errors) =>
        errors
            .Distinct()
            .OrderBy(e => e.File, StringComparer.Ordinal)
            .ThenBy(e => e.Line)
            .ThenBy(e => e.Column)
            .ToList();
}

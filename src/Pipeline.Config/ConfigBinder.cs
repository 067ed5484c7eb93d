namespace Pipeline.Config;

/// <summary>
/// One-call entry points: load or parse a YAML file and bind it (or one top-level section of it) to an
/// immutable configuration record. Use <see cref="ConfigDocument"/> directly to bind several sections
/// of one file or to collect the problems of several files before throwing.
/// </summary>
public static class ConfigBinder
{
    /// <summary>Loads <paramref name="path"/> and binds the whole document, or <paramref name="section"/> when given.</summary>
    /// <exception cref="ConfigException">The file is missing or has problems; all of them are listed.</exception>
    public static T Load<T>(string path, string? baseFolder = null, string? section = null, ConfigBindOptions? options = null) =>
        Bind<T>(ConfigDocument.Load(path, baseFolder), section, options);

    /// <summary>Parses YAML text (named <paramref name="file"/> in messages) and binds it.</summary>
    /// <exception cref="ConfigException">The text has problems; all of them are listed.</exception>
    public static T Parse<T>(string yaml, string file = "<string>", string? section = null, ConfigBindOptions? options = null) =>
        Bind<T>(ConfigDocument.Parse(yaml, file), section, options);

    private static T Bind<T>(ConfigDocument document, string? section, ConfigBindOptions? options) =>
        section is null ? document.Bind<T>(options) : document.BindSection<T>(section, options);
}

using Pipeline.Config.Overrides;
using Pipeline.Config.Yaml;

namespace Pipeline.Config;

/// <summary>
/// One value set from outside a configuration file (<c>--set resnet.yaml:training.phases[1].optimizer.lr=5e-4</c>,
/// or a leaf of an <c>--overrides</c> file). It replaces the value at <see cref="KeyPath"/> in the parsed YAML of
/// <see cref="File"/> before binding, so it is checked exactly like the file's own text; errors about it point at
/// where it was written (<see cref="Origin"/>, line, column).
/// </summary>
public sealed record ConfigOverride
{
    internal ConfigOverride(string file, IReadOnlyList<KeyPathSegment> segments, YamlNode value, string valueText, string source, ConfigError fileLocation)
    {
        File = file;
        Segments = segments;
        Value = value;
        ValueText = valueText;
        Source = source;
        FileLocation = fileLocation;
    }

    /// <summary>The configuration file it applies to, as written (<c>resnet.yaml</c>).</summary>
    public string File { get; }

    /// <summary>The key path in that file, <c>training.phases[1].optimizer.lr</c>.</summary>
    public string KeyPath => KeyPathSegment.Join(Segments);

    /// <summary>The value's YAML text as written (<c>5e-4</c>, <c>[0, 1]</c>).</summary>
    public string ValueText { get; }

    /// <summary>What a plan or lock file names as the parameter's source: <c>--set</c>, or <c>--overrides FILE</c>.</summary>
    public string Source { get; }

    /// <summary>Where the override was written, for messages: <c>--set '…'</c> or the overrides file's name.</summary>
    public string Origin => FileLocation.File;

    /// <summary>An error-shaped position of the file name, for a caller that rejects the file (no such experiment file).</summary>
    public ConfigError FileLocation { get; }

    internal IReadOnlyList<KeyPathSegment> Segments { get; }

    internal YamlNode Value { get; }

    /// <summary>An error about this override's file name.</summary>
    public ConfigError FileError(string message) => FileLocation with { Message = message };

    public override string ToString() => $"{File}:{KeyPath}={ValueText}";
}

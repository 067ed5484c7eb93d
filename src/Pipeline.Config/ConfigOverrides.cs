using Pipeline.Config.Overrides;
using Pipeline.Config.Yaml;
using YamlDotNet.Core;

namespace Pipeline.Config;

/// <summary>
/// Reads overrides from the command line: <c>--set FILE:KEY=VALUE</c> and <c>--overrides FILE.yaml</c> (a mapping of
/// configuration file name to a YAML fragment, nested or with dotted keys). A mapping value is merged key by key; a
/// scalar, a list or an empty mapping replaces what the file has. Syntax errors are reported with their position;
/// whether a key exists and a value fits is left to binding, which checks an override like the file's own text.
/// </summary>
public static class ConfigOverrides
{
    /// <summary>The source name of <c>--set</c> overrides in plans and lock files.</summary>
    public const string SetSource = "--set";

    private const string SetExample = "resnet.yaml:training.phases[1].optimizer.lr=5e-4";

    /// <summary>
    /// Every override of the given files (in order) and then of the <c>--set</c> arguments (in order); a later
    /// override of the same key wins, so a <c>--set</c> adjusts an overrides file. Within one overrides file, or
    /// among the <c>--set</c> arguments, a key set twice (or a key and a key inside it) is an error.
    /// </summary>
    /// <param name="files">Overrides files, relative to the working folder or absolute.</param>
    /// <param name="sets">The <c>--set</c> arguments.</param>
    /// <param name="baseFolder">Files inside this folder are named relative to it in messages.</param>
    /// <exception cref="ConfigException">Every problem found.</exception>
    public static IReadOnlyList<ConfigOverride> Read(IEnumerable<string> files, IEnumerable<string> sets, string? baseFolder = null)
    {
        var errors = new List<ConfigError>();
        var result = new List<ConfigOverride>();
        foreach (var file in files)
        {
            result.AddRange(Distinct(LoadFile(file, baseFolder, errors), errors));
        }

        var fromSet = new List<ConfigOverride>();
        foreach (var argument in sets)
        {
            fromSet.AddRange(ParseSet(argument, errors));
        }

        result.AddRange(Distinct(fromSet, errors));
        ConfigException.ThrowIfAny(errors);
        return result;
    }

    /// <summary>One <c>--set FILE:KEY=VALUE</c> argument (a mapping value gives one override per leaf).</summary>
    public static IReadOnlyList<ConfigOverride> ParseSet(string argument, ICollection<ConfigError> errors)
    {
        ArgumentNullException.ThrowIfNull(argument);
        ArgumentNullException.ThrowIfNull(errors);
        var origin = $"--set '{argument}'";
        var colon = argument.IndexOf(':', StringComparison.Ordinal);
        var equals = colon < 0 ? -1 : argument.IndexOf('=', colon + 1);
        if (colon <= 0 || equals < 0)
        {
            errors.Add(new ConfigError(origin, 1, 1, "", $"expected FILE:KEY=VALUE, e.g. --set {SetExample}"));
            return [];
        }

        var file = argument[..colon];
        var location = new ConfigError(origin, 1, 1, "", "");
        var keyText = argument[(colon + 1)..equals];
        var segments = KeyPathParser.Parse(keyText, 1, colon + 2, out var keyError, out var keyErrorColumn);
        if (segments is null)
        {
            errors.Add(new ConfigError(origin, 1, keyErrorColumn, keyText, keyError));
            return [];
        }

        var valueText = argument[(equals + 1)..];
        YamlNode value;
        try
        {
            // Indenting the text by the value's offset makes the parser's columns those of the whole argument.
            var documents = YamlTreeReader.ReadDocuments(new string(' ', equals + 1) + valueText, origin);
            if (documents.Count > 1)
            {
                errors.Add(new ConfigError(origin, 1, equals + 2, keyText, "the value holds more than one YAML document; quote it"));
                return [];
            }

            value = documents.Count == 1 && documents[0] is { } root ? root : new YamlScalar(1, equals + 2, "", true) { Origin = origin };
        }
        catch (YamlException e)
        {
            errors.Add(new ConfigError(origin, (int)e.Start.Line, (int)e.Start.Column, keyText, $"the value is not valid YAML: {e.Message}; for a string, quote it in YAML: {keyText}='\"{valueText}\"'"));
            return [];
        }

        var trimmed = valueText.TrimStart();
        if ((value is YamlMapping && !trimmed.StartsWith('{')) || (value is YamlSequence && !trimmed.StartsWith('[')))
        {
            errors.Add(new ConfigError(origin, 1, equals + 2, keyText,
                $"the value '{valueText}' reads as a YAML block {(value is YamlMapping ? "mapping" : "list")}; quote it for a string (KEY='\"{valueText}\"'), or write a flow {(value is YamlMapping ? "mapping {a: 1}" : "list [a, b]")}"));
            return [];
        }

        var result = new List<ConfigOverride>();
        Flatten(file, segments, value, SetSource, location, origin, result, errors);
        return result;
    }

    /// <summary>An overrides file: <c>resnet.yaml: {training.phases[1].optimizer.lr: 5e-4}</c>, one entry per configuration file.</summary>
    public static IReadOnlyList<ConfigOverride> LoadFile(string path, string? baseFolder, ICollection<ConfigError> errors)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(errors);
        var display = DisplayName(path, baseFolder);
        if (!System.IO.File.Exists(path))
        {
            errors.Add(new ConfigError(display, 0, 0, "", System.IO.Directory.Exists(path) ? "--overrides names a folder, expected a YAML file" : "overrides file not found"));
            return [];
        }

        YamlNode? root;
        try
        {
            var documents = YamlTreeReader.ReadDocuments(System.IO.File.ReadAllText(path), display);
            if (documents.Count > 1)
            {
                errors.Add(new ConfigError(display, documents[1]?.Line ?? 1, documents[1]?.Column ?? 1, "", $"expected one YAML document, found {documents.Count}"));
                return [];
            }

            root = documents.Count == 1 ? documents[0] : null;
        }
        catch (YamlException e)
        {
            errors.Add(new ConfigError(display, (int)e.Start.Line, (int)e.Start.Column, "", $"YAML syntax error: {e.Message}"));
            return [];
        }

        var source = $"--overrides {display}";
        var result = new List<ConfigOverride>();
        if (root is null or YamlScalar { IsNull: true })
        {
            return result;
        }

        if (root is not YamlMapping files)
        {
            errors.Add(new ConfigError(display, root.Line, root.Column, "", $"expected a mapping of configuration file names to their overrides (resnet.yaml: {{training.seed: 2}}), got {root.Describe()}"));
            return result;
        }

        foreach (var entry in files.Entries)
        {
            var location = new ConfigError(display, entry.KeyNode.Line, entry.KeyNode.Column, "", "");
            if (entry.Key is null)
            {
                errors.Add(location with { Message = $"expected a configuration file name, got {entry.KeyNode.Describe()}" });
            }
            else if (entry.Value is not YamlMapping)
            {
                errors.Add(new ConfigError(display, entry.Value.Line, entry.Value.Column, entry.Key,
                    $"expected a mapping of keys to values under '{entry.Key}', got {entry.Value.Describe()}"));
            }
            else
            {
                Flatten(entry.Key, [], entry.Value, source, location, display, result, errors);
            }
        }

        return result;
    }

    /// <summary>
    /// The keys of a file that extends another (every top-level entry of <paramref name="root"/> but
    /// <paramref name="extendsKey"/>) as overrides of the file it extends, written where <paramref name="file"/> says them.
    /// </summary>
    internal static IReadOnlyList<ConfigOverride> FromExtendingFile(string file, YamlMapping root, string extendsKey, ICollection<ConfigError> errors)
    {
        var own = new YamlMapping(root.Line, root.Column, root.Entries.Where(e => e.Key != extendsKey).ToList()) { Origin = root.Origin };
        var result = new List<ConfigOverride>();
        if (own.Entries.Count > 0)
        {
            Flatten(file, [], own, $"{file} ({extendsKey})", new ConfigError(file, root.Line, root.Column, "", ""), file, result, errors);
        }

        return Distinct(result, errors).ToList();
    }

    /// <summary>Leaves of a value: a non-empty mapping is merged key by key (its keys may be dotted paths); anything else is set whole.</summary>
    private static void Flatten(string file, IReadOnlyList<KeyPathSegment> prefix, YamlNode value, string source, ConfigError location, string origin, List<ConfigOverride> result, ICollection<ConfigError> errors)
    {
        if (value is not YamlMapping { Entries.Count: > 0 } mapping)
        {
            if (prefix.Count == 0)
            {
                errors.Add(location with { Message = $"no key to set in {file}" });
                return;
            }

            result.Add(new ConfigOverride(file, prefix, value, Describe(value), source, location));
            return;
        }

        foreach (var entry in mapping.Entries)
        {
            if (entry.Key is null)
            {
                errors.Add(new ConfigError(origin, entry.KeyNode.Line, entry.KeyNode.Column, KeyPathSegment.Join(prefix), $"expected a key, got {entry.KeyNode.Describe()}"));
                continue;
            }

            var segments = KeyPathParser.Parse(entry.Key, entry.KeyNode.Line, entry.KeyNode.Column, out var error, out var errorColumn);
            if (segments is null)
            {
                errors.Add(new ConfigError(origin, entry.KeyNode.Line, errorColumn, entry.Key, error));
                continue;
            }

            Flatten(file, [.. prefix, .. segments], entry.Value, source, location, origin, result, errors);
        }
    }

    /// <summary>Drops nothing: reports a key set twice, or set together with a key inside it, within one source.</summary>
    private static IEnumerable<ConfigOverride> Distinct(IReadOnlyList<ConfigOverride> overrides, ICollection<ConfigError> errors)
    {
        for (var i = 0; i < overrides.Count; i++)
        {
            var later = overrides[i];
            var earlier = overrides.Take(i).FirstOrDefault(o => o.File == later.File && ConfigKeyPath.Overlaps(o.KeyPath, later.KeyPath));
            if (earlier is null)
            {
                yield return later;
                continue;
            }

            var first = later.Segments[^1];
            var before = earlier.Segments[^1];
            var what = earlier.KeyPath == later.KeyPath ? $"'{later.KeyPath}' of {later.File} is set twice" : $"'{later.KeyPath}' and '{earlier.KeyPath}' of {later.File} overlap";
            errors.Add(new ConfigError(later.Origin, first.Line, first.Column, later.KeyPath,
                $"{what}; the other is at {earlier.Origin}:{before.Line}:{before.Column}"));
        }
    }

    /// <summary>A value's YAML text in flow style, for messages and plans.</summary>
    internal static string Describe(YamlNode node) => node switch
    {
        YamlScalar { IsPlain: true } scalar => scalar.Value,
        YamlScalar scalar => $"\"{scalar.Value.Replace("\"", "\\\"", StringComparison.Ordinal)}\"",
        YamlSequence sequence => $"[{string.Join(", ", sequence.Items.Select(Describe))}]",
        YamlMapping mapping => $"{{{string.Join(", ", mapping.Entries.Select(e => $"{e.Key}: {Describe(e.Value)}"))}}}",
        _ => node.Describe(),
    };

    private static string DisplayName(string path, string? baseFolder)
    {
        var full = Path.GetFullPath(path);
        if (baseFolder is not null)
        {
            var relative = Path.GetRelativePath(Path.GetFullPath(baseFolder), full);
            if (!relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative))
            {
                return relative.Replace(Path.DirectorySeparatorChar, '/');
            }
        }

        return path.Replace(Path.DirectorySeparatorChar, '/');
    }
}

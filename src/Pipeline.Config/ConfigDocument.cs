using System.Diagnostics.CodeAnalysis;
using Pipeline.Config.Binding;
using Pipeline.Config.Yaml;
using YamlDotNet.Core;

namespace Pipeline.Config;

/// <summary>
/// One parsed YAML configuration file, ready to be bound to records, whole or by top-level section.
/// Parsing keeps every node's line and column, so binding errors point into the file.
/// </summary>
public sealed class ConfigDocument
{
    private readonly YamlNode? _root;

    /// <summary>Overrides put into <see cref="_root"/>, to mention them in errors about the file's values they changed.</summary>
    private readonly IReadOnlyList<ConfigOverride> _applied;

    private ConfigDocument(string file, YamlNode? root, IReadOnlyList<ConfigOverride>? applied = null)
    {
        File = file;
        _root = root;
        _applied = applied ?? [];
    }

    /// <summary>The file name shown in messages, e.g. <c>experiments/resnet.yaml</c>.</summary>
    public string File { get; }

    /// <summary>The top-level keys in document order; empty when the root is not a mapping.</summary>
    public IReadOnlyList<string> Sections =>
        _root is YamlMapping mapping ? mapping.Entries.Where(e => e.Key is not null).Select(e => e.Key!).Distinct().ToList() : [];

    /// <summary>The top-level key naming the file a file builds on (<c>extends: resnet.yaml</c>).</summary>
    public const string ExtendsKey = "extends";

    /// <summary>
    /// Reads and parses <paramref name="path"/>. Messages name the file relative to
    /// <paramref name="baseFolder"/> when it lies inside it, otherwise as given. A file whose top level says
    /// <c>extends: other.yaml</c> (a path relative to its own folder) is that file with this one's other keys put
    /// into it as overrides are: a mapping merges key by key (its keys may be dotted paths), anything else, a list
    /// included, replaces the other file's value. Errors name the file that wrote the value.
    /// </summary>
    /// <exception cref="ConfigException">The file (or a file it extends) is missing or is not valid YAML, or the files extend each other in a cycle.</exception>
    public static ConfigDocument Load(string path, string? baseFolder = null) => Load(path, baseFolder, null, []);

    /// <summary>
    /// <see cref="Load(string, string?)"/>, with <paramref name="overridesOf"/> (by full path) put into each file this one
    /// extends before its own keys, so that an override of a base file reaches every file built on it, as if the
    /// base file said so.
    /// </summary>
    public static ConfigDocument Load(string path, string? baseFolder, Func<string, IReadOnlyList<ConfigOverride>> overridesOf) =>
        Load(path, baseFolder, overridesOf, []);

    private static ConfigDocument Load(string path, string? baseFolder, Func<string, IReadOnlyList<ConfigOverride>>? overridesOf, IReadOnlyList<string> extendedBy)
    {
        var display = DisplayName(path, baseFolder);
        if (!System.IO.File.Exists(path))
        {
            var what = Directory.Exists(path) ? "is a folder, expected a YAML file" : "file not found";
            throw new ConfigException([new ConfigError(display, 0, 0, "", what)]);
        }

        // Every node names its file, so that values from the files an extending file builds on are placed in theirs.
        var document = Parse(System.IO.File.ReadAllText(path), display, display);
        return document._root is YamlMapping root && root.Find(ExtendsKey) is { } extends
            ? document.Extend(Path.GetFullPath(path), root, extends, baseFolder, overridesOf, extendedBy)
            : document;
    }

    /// <summary>The file <paramref name="extends"/> names, with this document's other keys put into it.</summary>
    private ConfigDocument Extend(string path, YamlMapping root, YamlEntry extends, string? baseFolder, Func<string, IReadOnlyList<ConfigOverride>>? overridesOf, IReadOnlyList<string> extendedBy)
    {
        ConfigException Error(string message) => new([new ConfigError(File, extends.Value.Line, extends.Value.Column, ExtendsKey, message)]);
        if (extends.Value is not YamlScalar { IsNull: false } name || !(name.Value.EndsWith(".yaml", StringComparison.Ordinal) || name.Value.EndsWith(".yml", StringComparison.Ordinal)))
        {
            throw Error($"expected the YAML file this one builds on, relative to its folder (extends: resnet.yaml), got {ConfigOverrides.Describe(extends.Value)}");
        }

        var basePath = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, name.Value));
        List<string> chain = [.. extendedBy, path];
        if (chain.Contains(basePath, StringComparer.Ordinal))
        {
            throw Error($"the files extend each other in a cycle: {string.Join(" -> ", chain.Append(basePath).Select(p => DisplayName(p, baseFolder)))}");
        }

        if (!System.IO.File.Exists(basePath))
        {
            throw Error($"'{name.Value}' does not exist (looked for {DisplayName(basePath, baseFolder)})");
        }

        var errors = new List<ConfigError>();
        var based = Load(basePath, baseFolder, overridesOf, chain);
        if (overridesOf?.Invoke(basePath) is { Count: > 0 } baseOverrides)
        {
            based = based.WithOverrides(baseOverrides, errors);
        }

        var merged = based._root is null or YamlScalar { IsNull: true } ? new YamlMapping(1, 1, []) { Origin = based.File } : based._root;
        foreach (var change in ConfigOverrides.FromExtendingFile(File, root, ExtendsKey, errors))
        {
            merged = Overrides.OverrideApplier.Apply(merged, change, based.File, errors);
        }

        ConfigException.ThrowIfAny(errors);
        return new ConfigDocument(File, merged);
    }

    /// <summary>
    /// Loads every <c>*.yaml</c> and <c>*.yml</c> file of <paramref name="folder"/> (not its subfolders),
    /// sorted by name. Syntax errors of all files are reported together.
    /// </summary>
    /// <exception cref="ConfigException">The folder is missing, or a file is not valid YAML.</exception>
    public static IReadOnlyList<ConfigDocument> LoadFolder(string folder, string? baseFolder = null)
    {
        if (!Directory.Exists(folder))
        {
            throw new ConfigException([new ConfigError(DisplayName(folder, baseFolder), 0, 0, "", "folder not found")]);
        }

        var documents = new List<ConfigDocument>();
        var errors = new List<ConfigError>();
        var files = Directory.EnumerateFiles(folder)
            .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            try
            {
                documents.Add(Load(file, baseFolder));
            }
            catch (ConfigException e)
            {
                errors.AddRange(e.Errors);
            }
        }

        ConfigException.ThrowIfAny(errors);
        return documents;
    }

    /// <summary>Parses YAML text; <paramref name="file"/> is the name shown in messages.</summary>
    /// <exception cref="ConfigException">The text is not valid YAML, or holds more than one document.</exception>
    public static ConfigDocument Parse(string text, string file) => Parse(text, file, null);

    private static ConfigDocument Parse(string text, string file, string? origin)
    {
        IReadOnlyList<YamlNode?> documents;
        try
        {
            documents = YamlTreeReader.ReadDocuments(text, origin);
        }
        catch (YamlException e)
        {
            throw new ConfigException([new ConfigError(file, (int)e.Start.Line, (int)e.Start.Column, "", $"YAML syntax error: {e.Message}")]);
        }

        if (documents.Count > 1)
        {
            var second = documents[1];
            throw new ConfigException([new ConfigError(file, second?.Line ?? 1, second?.Column ?? 1, "", $"expected one YAML document, found {documents.Count}")]);
        }

        return new ConfigDocument(file, documents.Count == 1 ? documents[0] : null);
    }

    /// <summary>
    /// This document with <paramref name="overrides"/> put into its YAML (in order; a later one wins), to be bound
    /// and checked exactly as if the file said so. Errors about an override name where it was written. An override
    /// whose path cannot be applied (an index past a list's end) is reported in <paramref name="errors"/> and left out.
    /// </summary>
    public ConfigDocument WithOverrides(IEnumerable<ConfigOverride> overrides, ICollection<ConfigError> errors)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        ArgumentNullException.ThrowIfNull(errors);
        var root = _root is null or YamlScalar { IsNull: true } ? new YamlMapping(_root?.Line ?? 1, _root?.Column ?? 1, []) : _root;
        var applied = new List<ConfigOverride>(_applied);
        foreach (var change in overrides)
        {
            root = Overrides.OverrideApplier.Apply(root, change, File, errors);
            applied.Add(change);
        }

        return applied.Count > _applied.Count ? new ConfigDocument(File, root, applied) : this;
    }

    /// <summary>An empty document named <paramref name="file"/>: an optional file that is absent, to bind defaults or apply overrides to.</summary>
    public static ConfigDocument Empty(string file) => new(file, null);

    /// <summary>Binds the whole document to <typeparamref name="T"/>; an empty document gives its defaults.</summary>
    /// <exception cref="ConfigException">Every problem found in the document.</exception>
    public T Bind<T>(ConfigBindOptions? options = null) => BindOrThrow<T>(null, options);

    /// <summary>
    /// Binds the top-level key <paramref name="section"/> (or a dotted path of keys, <c>train.optimizer</c>)
    /// to <typeparamref name="T"/>; an absent section gives its defaults. Key paths in messages start with
    /// the section: <c>train.optimizer.lr</c>.
    /// </summary>
    /// <exception cref="ConfigException">Every problem found in the section (and unknown sections, with <see cref="ConfigBindOptions.SharedTopLevelKeys"/>).</exception>
    public T BindSection<T>(string section, ConfigBindOptions? options = null) => BindOrThrow<T>(section, options);

    /// <summary>
    /// Binds the whole document (<paramref name="section"/> null) or a section, adding problems to
    /// <paramref name="errors"/> instead of throwing, so a caller can collect the problems of several
    /// sections and files and report them together.
    /// </summary>
    public bool TryBind<T>(string? section, ICollection<ConfigError> errors, [MaybeNullWhen(false)] out T value, ConfigBindOptions? options = null)
    {
        var found = new List<ConfigError>();
        var binder = new ValueBinder(File, found);
        var root = _root is null or YamlScalar { IsNull: true } ? new YamlMapping(_root?.Line ?? 1, _root?.Column ?? 1, []) : _root;
        var slot = new Slot(typeof(T), null);
        bool ok;
        object? bound;
        if (section is null)
        {
            ok = binder.TryBind(slot, root, "", null, out bound, options?.SharedTopLevelKeys);
        }
        else
        {
            var sectionNode = FindSection(binder, root, section, options);
            ok = binder.TryBind(slot, sectionNode, section, null, out bound);
        }

        foreach (var error in ConfigErrorOrder.Sort(found))
        {
            errors.Add(MentionOverrides(error));
        }

        ok &= found.Count == 0;
        value = ok ? (T)bound! : default;
        return ok;
    }

    /// <summary>
    /// An error positioned at the value of <paramref name="keyPath"/> (<c>ensemble.members[2].checkpoint</c>),
    /// or at its closest written ancestor when the key is absent: for checks a stage can only make after
    /// binding, such as a member naming a checkpoint that does not exist.
    /// </summary>
    public ConfigError ErrorAt(string keyPath, string message)
    {
        YamlNode? node = _root;
        var at = node;
        foreach (var segment in KeyPathSegments(keyPath))
        {
            node = (node, segment) switch
            {
                (YamlMapping mapping, string key) => mapping.Find(key)?.Value,
                (YamlSequence sequence, int index) when index < sequence.Items.Count => sequence.Items[index],
                _ => null,
            };
            if (node is null)
            {
                break;
            }

            at = node;
        }

        return MentionOverrides(new ConfigError(at?.Origin ?? File, at?.Line ?? 1, at?.Column ?? 1, keyPath, message));
    }

    /// <summary>
    /// An error placed in this file about a value an override changed (a list with one item overridden, a record
    /// whose check spans keys) says so, since the file's text alone does not show the value that failed.
    /// </summary>
    private ConfigError MentionOverrides(ConfigError error)
    {
        if (error.File != File || error.KeyPath.Length == 0)
        {
            return error;
        }

        var involved = _applied.Where(o => ConfigKeyPath.Overlaps(o.KeyPath, error.KeyPath)).Select(o => o.Origin).Distinct().ToList();
        return involved.Count == 0 ? error : error with { Message = $"{error.Message} (with {string.Join(", ", involved)})" };
    }

    /// <summary><c>a.b[2].c</c> as "a", "b", 2, "c".</summary>
    private static IEnumerable<object> KeyPathSegments(string keyPath)
    {
        foreach (var part in keyPath.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var bracket = part.IndexOf('[', StringComparison.Ordinal);
            if (bracket != 0)
            {
                yield return bracket < 0 ? part : part[..bracket];
            }

            for (var i = bracket; i >= 0 && i < part.Length; i = part.IndexOf('[', i + 1))
            {
                var close = part.IndexOf(']', i);
                if (close < 0 || !int.TryParse(part.AsSpan(i + 1, close - i - 1), out var index))
                {
                    yield break;
                }

                yield return index;
            }
        }
    }

    private T BindOrThrow<T>(string? section, ConfigBindOptions? options)
    {
        var errors = new List<ConfigError>();
        if (!TryBind<T>(section, errors, out var value, options))
        {
            throw new ConfigException(errors);
        }

        return value;
    }

    /// <summary>
    /// The node of a section (a top-level key, or a dotted path of keys such as <c>train.optimizer</c>);
    /// an absent or null section reads as an empty mapping where it would be, so its defaults apply
    /// and "missing key" errors point somewhere useful.
    /// </summary>
    private static YamlNode FindSection(ValueBinder binder, YamlNode root, string section, ConfigBindOptions? options)
    {
        if (root is not YamlMapping top)
        {
            binder.Error(root, "", $"expected a mapping of sections for the document, got {root.Describe()}");
            return new YamlMapping(root.Line, root.Column, []);
        }

        var segments = section.Split('.');
        if (options?.SharedTopLevelKeys is { } shared)
        {
            var allowed = shared.Append(segments[0]).Distinct().ToList();
            foreach (var entry in top.Entries)
            {
                if (entry.Key is not null && !allowed.Contains(entry.Key))
                {
                    binder.UnknownKey(entry.KeyNode, "", entry.Key, allowed);
                }
            }
        }

        YamlNode node = top;
        var path = "";
        foreach (var segment in segments)
        {
            if (node is not YamlMapping mapping)
            {
                binder.Error(node, path, $"expected a mapping for '{path}', got {node.Describe()}");
                return new YamlMapping(node.Line, node.Column, []);
            }

            binder.CheckDuplicates(mapping, path);
            var found = mapping.Find(segment);
            path = path.Length == 0 ? segment : $"{path}.{segment}";
            if (found is null)
            {
                return new YamlMapping(mapping.Line, mapping.Column, []);
            }

            node = found.Value is YamlScalar { IsNull: true } ? new YamlMapping(found.Value.Line, found.Value.Column, []) : found.Value;
        }

        return node;
    }

    /// <summary>The path relative to the base folder with '/' separators when inside it; otherwise as given.</summary>
    private static string DisplayName(string path, string? baseFolder)
    {
        if (baseFolder is not null)
        {
            var relative = Path.GetRelativePath(Path.GetFullPath(baseFolder), Path.GetFullPath(path));
            if (!relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative))
            {
                return relative.Replace(Path.DirectorySeparatorChar, '/');
            }
        }

        return path.Replace(Path.DirectorySeparatorChar, '/');
    }
}

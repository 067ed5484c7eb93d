using System.Text.Json.Nodes;
using Pipeline.Config;
using Pipeline.Foundation;

namespace Pipeline.Stages.Graph;

/// <summary>
/// A run's parameters as built from experiment files, remembering which file each top-level key came from and
/// where in that file's YAML it was read, so an override of that place can be named as the source of what it changed.
/// </summary>
internal sealed class ParameterSet
{
    private readonly Dictionary<string, (string File, string YamlPath)> _origins = new(StringComparer.Ordinal);

    public JsonObject Values { get; } = [];

    /// <summary>Source by flattened parameter path (a top-level key covers everything below it; see <c>JsonFlattener.ForPathOrParent</c>).</summary>
    public Dictionary<string, string> Sources { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Adds every top-level key of a configuration record, except <paramref name="omit"/>. The record was read from
    /// <paramref name="yamlPath"/> of the file <paramref name="source"/> (empty: the whole file).
    /// </summary>
    public ParameterSet AddRecord(object record, string source, string[]? omit = null, string yamlPath = "")
    {
        foreach (var (key, value) in ConfigJson.ToJson(record))
        {
            if (omit?.Contains(key) != true)
            {
                Add(key, value?.DeepClone(), source, Child(yamlPath, key));
            }
        }

        return this;
    }

    /// <summary>
    /// Adds one top-level key, read from <paramref name="yamlPath"/> of the file <paramref name="source"/> (null: not
    /// from a file's YAML); a key already present is a programming error (one value would silently replace the other).
    /// </summary>
    public ParameterSet Add(string key, JsonNode? value, string source, string? yamlPath = null)
    {
        if (Values.ContainsKey(key))
        {
            throw new InvalidOperationException($"parameter '{key}' from {source} would replace the one from {Sources[key]}");
        }

        Values[key] = value;
        Sources[key] = source;
        if (yamlPath is not null)
        {
            _origins[key] = (source, yamlPath);
        }

        return this;
    }

    public ParameterSet Add(string key, object? record, string source, string? yamlPath = null) => Add(key, ConfigJson.ToNode(record), source, yamlPath);

    /// <summary>
    /// Names each override as the source of the parameters it set: an override of <c>training.phases[1].optimizer.lr</c>
    /// in the file a key was read from makes <c>--set</c> the source of that parameter path, which plans print
    /// (<c>--set: training.phases[1].optimizer.lr 0.0003 -> 0.0005</c>) and lock files record.
    /// </summary>
    /// <param name="overrides">The applied overrides, in the order applied (a later one wins).</param>
    /// <param name="fileName">The source name of an experiment file (<c>resnet.yaml</c> → <c>experiments/resnet.yaml</c>).</param>
    public ParameterSet MarkOverrides(IEnumerable<ConfigOverride> overrides, Func<string, string> fileName)
    {
        foreach (var change in overrides)
        {
            var file = fileName(change.File);
            var path = change.KeyPath;
            foreach (var (key, (source, yamlPath)) in _origins)
            {
                if (source != file)
                {
                    continue;
                }

                if (yamlPath.Length == 0)
                {
                    Sources[Child(key, path)] = change.Source;
                }
                else if (path == yamlPath || ConfigKeyPath.IsInside(yamlPath, path))
                {
                    Sources[key] = change.Source;
                }
                else if (ConfigKeyPath.IsInside(path, yamlPath))
                {
                    Sources[key + path[yamlPath.Length..]] = change.Source;
                }
            }
        }

        return this;
    }

    private static string Child(string path, string key) => path.Length == 0 ? key : key.StartsWith('[') ? path + key : $"{path}.{key}";
}

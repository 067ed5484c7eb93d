using System.Text.Json.Nodes;
using Pipeline.Config;

namespace Pipeline.Stages.Graph;

/// <summary>A run's parameters as built from experiment files, remembering which file each top-level key came from.</summary>
internal sealed class ParameterSet
{
    public JsonObject Values { get; } = [];

    public Dictionary<string, string> Sources { get; } = new(StringComparer.Ordinal);

    /// <summary>Adds every top-level key of a configuration record, except <paramref name="omit"/>.</summary>
    public ParameterSet AddRecord(object record, string source, params string[] omit)
    {
        foreach (var (key, value) in ConfigJson.ToJson(record))
        {
            if (!omit.Contains(key))
            {
                Add(key, value?.DeepClone(), source);
            }
        }

        return this;
    }

    /// <summary>Adds one top-level key; a key already present is a programming error (one value would silently replace the other).</summary>
    public ParameterSet Add(string key, JsonNode? value, string source)
    {
        if (Values.ContainsKey(key))
            throw new InvalidOperationException($"parameter '{key}' from {source} would replace the one from {Sources[key]}");
        Values[key] = value;
        Sources[key] = source;
        return this;
    }

    public ParameterSet Add(string key, object? record, string source) => Add(key, ConfigJson.ToNode(record), source);
}

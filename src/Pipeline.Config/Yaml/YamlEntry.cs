namespace Pipeline.Config.Yaml;

/// <summary>One key/value pair of a mapping; <see cref="Key"/> is the key's text, null for a non-scalar key.</summary>
internal sealed record YamlEntry(string? Key, YamlNode KeyNode, YamlNode Value);

namespace Pipeline.Config.Yaml;

/// <summary>
/// A mapping. <see cref="Entries"/> keeps every pair in document order, duplicates included, so the
/// binder can report them; <see cref="Find"/> answers the first occurrence of a key.
/// </summary>
internal sealed class YamlMapping(int line, int column, IReadOnlyList<YamlEntry> entries) : YamlNode(line, column)
{
    public IReadOnlyList<YamlEntry> Entries { get; } = entries;

    public YamlEntry? Find(string key)
    {
        foreach (var entry in Entries)
        {
            if (entry.Key == key)
            {
                return entry;
            }
        }

        return null;
    }

    public override string Describe() => "a mapping";
}

namespace Pipeline.Config.Yaml;

/// <summary>
/// A node of a parsed YAML document with the position where it starts. Our own small tree rather than
/// YamlDotNet's representation model, because that one throws on the first duplicate key and we
/// report every problem of a document at once.
/// </summary>
internal abstract class YamlNode(int line, int column)
{
    public int Line { get; } = line;

    public int Column { get; } = column;

    /// <summary>How the node is named in messages: "a list", "a mapping", or the scalar's text.</summary>
    public abstract string Describe();
}

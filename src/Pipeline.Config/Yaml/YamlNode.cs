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

    /// <summary>
    /// Where the node was written when that is not the document's own file: an override (<c>--set '…'</c>, an
    /// overrides file). Errors about the node name this instead of the document.
    /// </summary>
    public string? Origin { get; init; }

    /// <summary>How the node is named in messages: "a list", "a mapping", or the scalar's text.</summary>
    public abstract string Describe();
}

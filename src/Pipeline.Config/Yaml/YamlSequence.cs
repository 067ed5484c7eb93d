namespace Pipeline.Config.Yaml;

/// <summary>A sequence (block <c>- x</c> or flow <c>[x, y]</c>).</summary>
internal sealed class YamlSequence(int line, int column, IReadOnlyList<YamlNode> items) : YamlNode(line, column)
{
    public IReadOnlyList<YamlNode> Items { get; } = items;

    public override string Describe() => "a list";
}

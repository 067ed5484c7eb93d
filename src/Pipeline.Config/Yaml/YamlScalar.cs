namespace Pipeline.Config.Yaml;

/// <summary>A scalar; <see cref="IsPlain"/> is false for quoted and block scalars, which are always strings.</summary>
internal sealed class YamlScalar(int line, int column, string value, bool isPlain) : YamlNode(line, column)
{
    public string Value { get; } = value;

    public bool IsPlain { get; } = isPlain;

    /// <summary>YAML 1.2 core schema nulls: an empty plain scalar, <c>~</c> and <c>null</c> in three spellings.</summary>
    public bool IsNull => IsPlain && Value is "" or "~" or "null" or "Null" or "NULL";

    public override string Describe() => IsNull ? "null" : $"'{Value}'";
}

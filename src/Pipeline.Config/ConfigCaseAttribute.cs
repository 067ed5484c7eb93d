namespace Pipeline.Config;

/// <summary>Names one case of a <see cref="ConfigUnionAttribute"/> union, as written in YAML.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ConfigCaseAttribute : Attribute
{
    public ConfigCaseAttribute(string name) => Name = name;

    public string Name { get; }
}

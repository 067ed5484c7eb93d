namespace Pipeline.Config;

/// <summary>
/// Marks an abstract record as a union of cases. In YAML a value of such a type is a mapping with
/// exactly one key, the case name, whose value binds to the case type: <c>- fliplr: {p: 0.5}</c>.
/// A case whose record has no required values may also be written as a bare scalar: <c>- fliplr</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ConfigUnionAttribute : Attribute
{
    public ConfigUnionAttribute(params Type[] cases) => Cases = cases;

    public IReadOnlyList<Type> Cases { get; }
}

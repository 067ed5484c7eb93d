namespace Pipeline.Config;

/// <summary>
/// Marks the one property of a record that a value which is not a mapping binds to, so a union case
/// or a record can be written in a short form: <c>- one_of: [fliplr, flipud]</c> binds the list to the
/// positional property of the <c>one_of</c> case. The other properties keep their defaults.
/// </summary>
[AttributeUsage(AttributeTargets.Property, Inherited = true)]
public sealed class ConfigPositionalAttribute : Attribute
{
}

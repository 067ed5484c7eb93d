namespace Pipeline.Config;

/// <summary>
/// Lets a single number <c>x</c> bind to a record of two numeric properties as <c>(-x, +x)</c>:
/// <c>rotate: 45</c> means a rotation between -45 and +45. Put it on the record type (every use is
/// symmetric) or on one property whose type is such a record (only that use is).
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Property, Inherited = false)]
public sealed class ConfigSymmetricAttribute : Attribute
{
}

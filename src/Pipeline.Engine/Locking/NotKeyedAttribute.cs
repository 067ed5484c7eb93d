namespace Pipeline.Engine;

/// <summary>
/// Marks a property of <see cref="LockedRun"/> that the lock file records beside the key material but that does not
/// enter the key: names that explain a plan, the key itself, the output. Every other property is key material.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class NotKeyedAttribute : Attribute
{
}

using System.Reflection;

namespace Pipeline.Config.Binding;

/// <summary>
/// The place a value binds into: its declared type plus facts the type alone does not carry (whether a
/// reference type was declared nullable, whether a range was declared symmetric at this use).
/// </summary>
internal readonly record struct Slot(Type Type, NullabilityInfo? Nullability, bool Symmetric = false)
{
    public bool AllowsNull =>
        Nullable.GetUnderlyingType(Type) is not null
        || (!Type.IsValueType && Nullability?.ReadState == NullabilityState.Nullable);

    /// <summary>The slot of a list element or dictionary value, with its own nullability.</summary>
    public static Slot Element(Type type, NullabilityInfo? nullability) => new(type, nullability);
}

using System.ComponentModel.DataAnnotations;
using System.Reflection;

namespace Pipeline.Config.Binding;

/// <summary>One bindable property of a configuration record, with what the binder needs to know about it.</summary>
internal sealed class MemberShape
{
    public required PropertyInfo Property { get; init; }

    /// <summary>The snake_case YAML key.</summary>
    public required string Key { get; init; }

    public required Slot Slot { get; init; }

    /// <summary>The constructor parameter it is passed as, for records without a parameterless constructor.</summary>
    public ParameterInfo? Parameter { get; init; }

    /// <summary>Must be written: <c>[Required]</c>, the C# <c>required</c> modifier, or a constructor parameter without a default.</summary>
    public required bool IsRequired { get; init; }

    public required bool IsPositional { get; init; }

    public required IReadOnlyList<ValidationAttribute> Validations { get; init; }

    public Type Type => Property.PropertyType;
}

using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Pipeline.Config.Binding;

/// <summary>
/// How a configuration record is built: its bindable properties in declaration order and its
/// constructor. Records with a parameterless constructor (the usual <c>init</c> properties with
/// defaults) are created and then given the written values; positional records are constructed with
/// the written values and the parameters' defaults.
/// </summary>
internal sealed class RecordShape
{
    private static readonly ConcurrentDictionary<Type, RecordShape> Cache = new();

    private RecordShape(Type type, IReadOnlyList<MemberShape> members, ConstructorInfo constructor)
    {
        Type = type;
        Members = members;
        Constructor = constructor;
        Positional = members.SingleOrDefault(m => m.IsPositional);
        IsSymmetric = type.GetCustomAttribute<ConfigSymmetricAttribute>() is not null;
        IsTuple = members.Count > 0 && members.All(m => ScalarTypes.IsScalar(m.Type));
        Clone = type.GetMethod("<Clone>$", BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes);
    }

    public Type Type { get; }

    public IReadOnlyList<MemberShape> Members { get; }

    public ConstructorInfo Constructor { get; }

    public bool HasParameterlessConstructor => Constructor.GetParameters().Length == 0;

    /// <summary>The <see cref="ConfigPositionalAttribute"/> property a non-mapping value binds to.</summary>
    public MemberShape? Positional { get; }

    public bool IsSymmetric { get; }

    /// <summary>Every property is a scalar, so the record may be written as a list of its values in order: <c>[0.7, 1.3]</c>.</summary>
    public bool IsTuple { get; }

    /// <summary>The compiler-made copy method of a record, used to start from a default value without mutating it.</summary>
    public MethodInfo? Clone { get; }

    public MemberShape? Find(string key) => Members.FirstOrDefault(m => m.Key == key);

    public static RecordShape For(Type type) => Cache.GetOrAdd(type, Build);

    private static RecordShape Build(Type type)
    {
        var constructors = type.GetConstructors(BindingFlags.Public | BindingFlags.Instance);
        var constructor = constructors.FirstOrDefault(c => c.GetParameters().Length == 0)
            ?? constructors.OrderByDescending(c => c.GetParameters().Length).FirstOrDefault()
            ?? throw new NotSupportedException($"Configuration type {type.Name} has no public constructor.");
        var parameters = constructor.GetParameters();

        // NullabilityInfoContext is not thread-safe; one per shape build.
        var nullability = new NullabilityInfoContext();
        var members = new List<MemberShape>();
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.GetMethod is { IsPublic: true })
            .OrderBy(p => DeclarationOrder(p, parameters));
        foreach (var property in properties)
        {
            var parameter = parameters.FirstOrDefault(p => string.Equals(p.Name, property.Name, StringComparison.OrdinalIgnoreCase));
            if (parameter is null && property.SetMethod is not { IsPublic: true })
            {
                continue;
            }

            var required = property.GetCustomAttribute<RequiredAttribute>() is not null
                || property.GetCustomAttribute<RequiredMemberAttribute>() is not null
                || parameter is { HasDefaultValue: false };
            members.Add(new MemberShape
            {
                Property = property,
                Key = ConfigNaming.ToKey(property.Name),
                Slot = new Slot(property.PropertyType, nullability.Create(property), property.GetCustomAttribute<ConfigSymmetricAttribute>() is not null),
                Parameter = parameter,
                IsRequired = required,
                IsPositional = property.GetCustomAttribute<ConfigPositionalAttribute>() is not null,
                Validations = property.GetCustomAttributes<ValidationAttribute>().ToList(),
            });
        }

        if (members.Count(m => m.IsPositional) > 1)
        {
            throw new NotSupportedException($"Configuration type {type.Name} has more than one [ConfigPositional] property.");
        }

        return new RecordShape(type, members, constructor);
    }

    /// <summary>
    /// Constructor parameters first, in their order, then the other properties in source order. Reflection
    /// does not promise source order, but metadata tokens follow it for properties declared in one type;
    /// base-type properties come before derived ones.
    /// </summary>
    private static (int, int, int) DeclarationOrder(PropertyInfo property, ParameterInfo[] parameters)
    {
        var index = Array.FindIndex(parameters, p => string.Equals(p.Name, property.Name, StringComparison.OrdinalIgnoreCase));
        var depth = 0;
        for (var t = property.DeclaringType?.BaseType; t is not null; t = t.BaseType)
        {
            depth++;
        }

        return index >= 0 ? (0, index, 0) : (1, depth, property.MetadataToken);
    }
}

using System.Collections.Concurrent;
using System.Reflection;

namespace Pipeline.Config.Binding;

/// <summary>The cases of a <see cref="ConfigUnionAttribute"/> union by their YAML names, in declaration order.</summary>
internal sealed class UnionShape
{
    private static readonly ConcurrentDictionary<Type, UnionShape> Cache = new();

    private UnionShape(IReadOnlyList<(string Name, Type Type)> cases) => Cases = cases;

    public IReadOnlyList<(string Name, Type Type)> Cases { get; }

    public IEnumerable<string> Names => Cases.Select(c => c.Name);

    public Type? Find(string name) => Cases.FirstOrDefault(c => c.Name == name).Type;

    public static bool IsUnion(Type type) => type.IsAbstract && type.GetCustomAttribute<ConfigUnionAttribute>() is not null;

    public static UnionShape For(Type type) => Cache.GetOrAdd(type, Build);

    /// <summary>The YAML name of a case type, or null when it is not a case.</summary>
    public static string? CaseName(Type type) => type.GetCustomAttribute<ConfigCaseAttribute>()?.Name;

    private static UnionShape Build(Type type)
    {
        var union = type.GetCustomAttribute<ConfigUnionAttribute>()
            ?? throw new NotSupportedException($"{type.Name} is not marked [ConfigUnion].");
        var cases = new List<(string, Type)>();
        foreach (var caseType in union.Cases)
        {
            // Mistakes here are the programmer's, so they throw rather than becoming configuration errors.
            if (!type.IsAssignableFrom(caseType) || caseType.IsAbstract)
            {
                throw new NotSupportedException($"Union case {caseType.Name} is not a concrete subtype of {type.Name}.");
            }

            var name = CaseName(caseType)
                ?? throw new NotSupportedException($"Union case {caseType.Name} of {type.Name} has no [ConfigCase] name.");
            if (cases.Any(c => c.Item1 == name))
            {
                throw new NotSupportedException($"Union {type.Name} has two cases named '{name}'.");
            }

            cases.Add((name, caseType));
        }

        return new UnionShape(cases);
    }
}

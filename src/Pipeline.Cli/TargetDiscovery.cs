using System.Reflection;

namespace Pipeline.Cli;

/// <summary>Finds the <see cref="Target"/> properties of a build class, in declaration order, and resolves their relations to names.</summary>
public static class TargetDiscovery
{
    public static IReadOnlyList<TargetInfo> Discover(object build)
    {
        var properties = build.GetType()
            .GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            .Where(p => p.PropertyType == typeof(Target))
            .OrderBy(p => p.MetadataToken)
            .ToList();

        // A Target property returns a new delegate on every get; the delegate's method identifies it.
        var names = properties.ToDictionary(p => ((Target)p.GetValue(build)!).Method, p => p.Name);
        string NameOf(Target target) => names.TryGetValue(target.Method, out var name)
            ? name
            : throw new InvalidOperationException($"a target refers to a delegate that is not a Target property of {build.GetType().Name}");

        var result = new List<TargetInfo>();
        // Stage targets first (the pipeline in its order), then the actions.
        foreach (var property in properties)
        {
            var definition = new TargetDeclaration();
            ((Target)property.GetValue(build)!)(definition);
            result.Add(new TargetInfo(
                property.Name,
                definition.Text,
                definition.Dependencies.Select(NameOf).ToList(),
                definition.Triggered.Select(NameOf).ToList(),
                definition.IsStage,
                definition.Action)
            {
                HasInstances = definition.HasInstances,
            });
        }

        return result.OrderBy(t => t.IsStage ? 0 : 1).ToList();
    }
}

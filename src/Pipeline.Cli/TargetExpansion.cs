namespace Pipeline.Cli;

/// <summary>
/// Replaces each template target (<see cref="TargetInfo.HasInstances"/>) by the instances the experiment declares:
/// every instance keeps the template's relations; a dependency on the template becomes a dependency on each
/// instance, and on the template's own dependencies when it has no instance (a step the experiment leaves out).
/// A template with no entry in <paramref name="instances"/> stays as declared.
/// </summary>
public static class TargetExpansion
{
    public static IReadOnlyList<TargetInfo> Expand(IReadOnlyList<TargetInfo> declared, IReadOnlyDictionary<string, IReadOnlyList<TargetInstance>> instances)
    {
        ArgumentNullException.ThrowIfNull(declared);
        ArgumentNullException.ThrowIfNull(instances);
        var byName = declared.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var replaced = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);

        IReadOnlyList<string> Resolve(string name)
        {
            if (replaced.TryGetValue(name, out var names))
            {
                return names;
            }

            var target = byName[name];
            names = !target.HasInstances || !instances.TryGetValue(name, out var list)
                ? [name]
                : list.Count > 0 ? list.Select(i => i.Name).ToList() : Map(target.DependsOn);
            replaced[name] = names;
            return names;
        }

        IReadOnlyList<string> Map(IEnumerable<string> names) => names.SelectMany(Resolve).Distinct(StringComparer.Ordinal).ToList();

        var result = new List<TargetInfo>();
        foreach (var target in declared)
        {
            if (!target.HasInstances || !instances.TryGetValue(target.Name, out var list))
            {
                result.Add(target with { DependsOn = Map(target.DependsOn), Triggers = Map(target.Triggers) });
                continue;
            }

            foreach (var instance in list)
            {
                result.Add(target with
                {
                    Name = instance.Name,
                    Description = instance.Description,
                    DependsOn = Map(target.DependsOn),
                    Triggers = Map(target.Triggers),
                    HasInstances = false,
                });
            }
        }

        var duplicate = result.GroupBy(t => t.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"two targets are named '{duplicate.Key}'; rename the model that gives it");
        }

        return result;
    }
}

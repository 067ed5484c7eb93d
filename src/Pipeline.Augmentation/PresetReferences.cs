using Pipeline.Augmentation.Specs;

namespace Pipeline.Augmentation;

/// <summary>The <c>preset: name</c> ops inside a list of ops, however deeply nested (sequential, sometimes, one_of, some_of).</summary>
public static class PresetReferences
{
    /// <summary>Each referenced name with the index of the top-level op it sits in, in order.</summary>
    public static IEnumerable<(string Name, int Op)> In(IReadOnlyList<AugmentationSpec> ops)
    {
        ArgumentNullException.ThrowIfNull(ops);
        for (var i = 0; i < ops.Count; i++)
        {
            foreach (var name in Walk(ops[i]))
            {
                yield return (name, i);
            }
        }
    }

    /// <summary>Every preset <paramref name="names"/> need, themselves and what they refer to, transitively; unknown names are left out.</summary>
    public static IReadOnlyList<string> Closure(IEnumerable<string> names, AugmentationPresets presets)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(presets);
        var seen = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(names);
        while (pending.Count > 0)
        {
            var name = pending.Pop();
            if (!presets.Contains(name) || !seen.Add(name))
            {
                continue;
            }

            foreach (var (reference, _) in In(presets.Resolve(name)))
            {
                pending.Push(reference);
            }
        }

        return [.. seen];
    }

    private static IEnumerable<string> Walk(AugmentationSpec op) => op switch
    {
        PresetSpec preset => [preset.Name],
        SequentialSpec sequential => sequential.Ops.SelectMany(Walk),
        SometimesSpec sometimes => sometimes.Then.Concat(sometimes.Else).SelectMany(Walk),
        OneOfSpec oneOf => oneOf.Ops.SelectMany(Walk),
        SomeOfSpec someOf => someOf.Ops.SelectMany(Walk),
        _ => [],
    };
}

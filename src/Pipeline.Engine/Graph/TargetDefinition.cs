namespace Pipeline.Engine;

/// <summary>
/// A target a user can name on the command line (<c>Preprocess</c>, <c>Ensemble</c>, ...): its description and
/// the targets it directly depends on. The work of a target is done by the <see cref="StageRun"/>s that name it;
/// a target without runs only groups its dependencies.
/// </summary>
public sealed record TargetDefinition
{
    /// <summary>Creates a target.</summary>
    public TargetDefinition(string name, string description = "", IReadOnlyList<string>? dependsOn = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        Description = description;
        DependsOn = dependsOn ?? [];
    }

    /// <summary>The name users type, unique in a graph.</summary>
    public string Name { get; init; }

    /// <summary>One line for <c>--help</c>.</summary>
    public string Description { get; init; }

    /// <summary>Direct dependencies, by target name, in the order they should be listed and planned.</summary>
    public IReadOnlyList<string> DependsOn { get; init; }
}

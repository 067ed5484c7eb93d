namespace Pipeline.Cli;

/// <summary>A discovered target: its name, declared relations and what running it means.</summary>
public sealed record TargetInfo(
    string Name,
    string Description,
    IReadOnlyList<string> DependsOn,
    IReadOnlyList<string> Triggers,
    bool IsStage,
    Func<int>? Action)
{
    /// <summary>The target is a template the experiment resolves to its instances (declared with <c>ITargetDefinition.Instances</c>).</summary>
    public bool HasInstances { get; init; }
}

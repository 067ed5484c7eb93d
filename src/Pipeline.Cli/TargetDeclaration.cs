namespace Pipeline.Cli;

/// <summary>Collects what a target property declares; target references are resolved to names by <see cref="TargetDiscovery"/>.</summary>
internal sealed class TargetDeclaration : ITargetDefinition
{
    public string Text { get; private set; } = "";
    public List<Target> Dependencies { get; } = [];
    public List<Target> Triggered { get; } = [];
    public bool IsStage { get; private set; }
    public bool HasInstances { get; private set; }
    public Func<int>? Action { get; private set; }

    public ITargetDefinition Description(string text)
    {
        Text = text;
        return this;
    }

    public ITargetDefinition DependsOn(params Target[] targets)
    {
        Dependencies.AddRange(targets);
        return this;
    }

    public ITargetDefinition Triggers(params Target[] targets)
    {
        Triggered.AddRange(targets);
        return this;
    }

    public ITargetDefinition Instances()
    {
        HasInstances = true;
        return this;
    }

    public ITargetDefinition Stage()
    {
        IsStage = true;
        return this;
    }

    public ITargetDefinition Executes(Func<int> action)
    {
        Action = action;
        return this;
    }
}

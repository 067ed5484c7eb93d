namespace Pipeline.Stages.Experiments;

/// <summary><c>pipeline.yaml</c>: the experiment's name, how stage processes run, and the remote cache.</summary>
public sealed record PipelineConfig
{
    public string Name { get; init; } = "default";

    public string Description { get; init; } = "";

    public RuntimeConfig Runtime { get; init; } = new();

    /// <summary>The shared remote cache, if any (see <see cref="RemoteConfig"/>).</summary>
    public RemoteConfig Remote { get; init; } = new();
}

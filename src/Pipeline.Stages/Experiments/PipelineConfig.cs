namespace Pipeline.Stages.Experiments;

/// <summary><c>pipeline.yaml</c>: the experiment's name and how stage processes run.</summary>
public sealed record PipelineConfig
{
    public string Name { get; init; } = "default";

    public string Description { get; init; } = "";

    public RuntimeConfig Runtime { get; init; } = new();
}

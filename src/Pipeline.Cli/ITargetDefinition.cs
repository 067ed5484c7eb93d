namespace Pipeline.Cli;

/// <summary>The fluent description of one target.</summary>
public interface ITargetDefinition
{
    /// <summary>One line for <c>--help</c>.</summary>
    ITargetDefinition Description(string text);

    /// <summary>Targets that must be up to date before this one.</summary>
    ITargetDefinition DependsOn(params Target[] targets);

    /// <summary>Targets that run after this one whenever it is requested (Ensemble triggers Report).</summary>
    ITargetDefinition Triggers(params Target[] targets);

    /// <summary>
    /// The target stands for the targets the experiment declares in its place (one per trained model, or none when
    /// the experiment leaves the step out): <see cref="PipelineBuild.ResolveInstances"/> names them. A dependency on
    /// it is a dependency on every instance; with no instance, on what it depends on.
    /// </summary>
    ITargetDefinition Instances();

    /// <summary>The target is a cached pipeline stage: the engine decides whether and how it runs.</summary>
    ITargetDefinition Stage();

    /// <summary>The target is an action run in the orchestrator every time it is requested; returns an exit code.</summary>
    ITargetDefinition Executes(Func<int> action);
}

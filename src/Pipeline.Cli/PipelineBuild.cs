namespace Pipeline.Cli;

/// <summary>
/// Base of the build class in <c>build/</c>: its <see cref="Target"/> properties are the targets; stage targets
/// are handed to <see cref="RunStages"/> (the engine) and action targets run their delegate.
/// </summary>
public abstract class PipelineBuild
{
    /// <summary>The parsed command line of this invocation.</summary>
    public BuildOptions Options { get; internal set; } = new();

    /// <summary>The repository root (where build.sh lives); experiments and artifacts are resolved from it.</summary>
    public string RepositoryRoot { get; internal set; } = Directory.GetCurrentDirectory();

    /// <summary>Plans or builds the given stage targets (already closed over dependencies and triggers).</summary>
    protected internal abstract int RunStages(IReadOnlyList<TargetInfo> targets, IReadOnlyList<string> stageTargets);

    /// <summary>
    /// The instances of each template target (<see cref="ITargetDefinition.Instances"/>) for the experiment the
    /// command line names; a template left out stays as declared (help without an experiment).
    /// </summary>
    protected internal virtual IReadOnlyDictionary<string, IReadOnlyList<TargetInstance>> ResolveInstances(BuildOptions options) =>
        new Dictionary<string, IReadOnlyList<TargetInstance>>();

    /// <summary>Runs one stage in this process: the child side of the engine (<c>_build __stage spec.json</c>).</summary>
    protected internal abstract int RunStageProcess(IReadOnlyList<string> arguments);
}

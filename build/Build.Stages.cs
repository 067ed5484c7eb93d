using Pipeline.Cli;
using Pipeline.Cli.Display;
using Pipeline.Stages;
using Pipeline.Stages.Experiments;
using Pipeline.Stages.Graph;

namespace Pipeline.Build;

/// <summary>Stage targets go to the engine (orchestrator side) and to the stage registry (stage process side).</summary>
internal sealed partial class Build
{
    /// <summary>The artifacts folder: <c>--artifacts</c>, relative to the working folder, by default the repository's <c>artifacts/</c>.</summary>
    private string ArtifactsDirectory => Options.Artifacts == BuildParameters.DefaultArtifacts
        ? Path.Combine(RepositoryRoot, BuildParameters.DefaultArtifacts)
        : Path.GetFullPath(Options.Artifacts);

    protected override int RunStages(IReadOnlyList<TargetInfo> targets, IReadOnlyList<string> stageTargets) =>
        PipelineRunner.Run(RepositoryRoot, ArtifactsDirectory, targets, stageTargets, Options, new ConsoleBuildDisplay(Console.Out), Console.Out, Console.Error);

    protected override IReadOnlyDictionary<string, IReadOnlyList<TargetInstance>> ResolveInstances(BuildOptions options)
    {
        var models = ExperimentLoader.ModelList(options, RepositoryRoot);
        return new Dictionary<string, IReadOnlyList<TargetInstance>>
        {
            [nameof(Train)] = PipelineGraph.TrainTargets(models),
            [nameof(Pseudolabel)] = PipelineGraph.PseudolabelTargets(models),
        };
    }

    protected override int RunStageProcess(IReadOnlyList<string> arguments) =>
        StageProcessEntry.Run(arguments);
}

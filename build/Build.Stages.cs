using Pipeline.Cli;
using Pipeline.Stages;

namespace Pipeline.Build;

/// <summary>Stage targets go to the engine (orchestrator side) and to the stage registry (stage process side).</summary>
internal sealed partial class Build
{
    private string ArtifactsDirectory => Path.Combine(RepositoryRoot, "artifacts");

    protected override int RunStages(IReadOnlyList<TargetInfo> targets, IReadOnlyList<string> stageTargets) =>
        PipelineRunner.Run(RepositoryRoot, ArtifactsDirectory, targets, stageTargets, Options, Console.Out, Console.Error);

    protected override int RunStageProcess(IReadOnlyList<string> arguments) =>
        StageProcessEntry.Run(arguments);
}

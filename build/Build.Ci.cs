using Pipeline.Cli;

namespace Pipeline.Build;

/// <summary>CI configuration generated from the targets (NUKE's way): run every time it is requested, never cached.</summary>
internal sealed partial class Build
{
    private Target GenerateWorkflow => _ => _
        .Description($"Write {GitHubWorkflow.RelativePath} from the graph: one job per stage target, needs: following it")
        .Executes(() => GitHubWorkflow.Write(RepositoryRoot, TargetDiscovery.Discover(this), Console.Out));
}

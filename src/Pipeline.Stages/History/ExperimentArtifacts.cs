using Pipeline.Cli;
using Pipeline.Engine;
using Pipeline.Stages.Experiments;

namespace Pipeline.Stages.History;

/// <summary>Where an experiment's results live without loading its YAML (Runs, Clean and Gc must work on a broken experiment too).</summary>
public static class ExperimentArtifacts
{
    /// <summary>
    /// The same folder <see cref="PipelineRunner.ArtifactsFor"/> gives a loaded experiment: the artifacts root for the
    /// default experiment or an explicit <c>--artifacts</c>, otherwise <c>&lt;root&gt;/&lt;folder name&gt;</c>.
    /// </summary>
    public static string Folder(string repositoryRoot, string artifactsRoot, BuildOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var directory = ExperimentLoader.Resolve(options.Experiment, repositoryRoot);
        return options.Artifacts != BuildParameters.DefaultArtifacts || ExperimentLoader.DisplayPath(directory, repositoryRoot) == BuildParameters.DefaultExperiment
            ? artifactsRoot
            : Path.Combine(artifactsRoot, Path.GetFileName(directory.TrimEnd('/', '\\')));
    }

    /// <summary>The history file of the experiment named by the options.</summary>
    public static string HistoryPath(string repositoryRoot, string artifactsRoot, BuildOptions options) =>
        BuildHistory.PathOf(new ArtifactLayout(Folder(repositoryRoot, artifactsRoot, options)));
}

using Pipeline.Cli;
using Pipeline.Engine;
using Pipeline.Stages.History;

namespace Pipeline.Stages.Actions;

/// <summary>The Runs target: the last <c>--last N</c> builds of the experiment from its history, as a table.</summary>
public static class RunsAction
{
    public static int Run(string repositoryRoot, string artifactsRoot, BuildOptions options, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(options);
        var path = ExperimentArtifacts.HistoryPath(repositoryRoot, artifactsRoot, options);
        var (records, problems) = BuildHistory.Read(path);
        foreach (var problem in problems)
        {
            error.WriteLine($"warning: {problem}");
        }

        if (records.Count == 0)
        {
            output.WriteLine($"Runs: no build of {options.Experiment} recorded yet ({path})");
            return 0;
        }

        output.WriteLine($"Runs: {Math.Min(options.Last, records.Count)} of {records.Count} builds of {records[^1].Experiment} ({path})");
        output.Write(HistoryTable.Render(records, options.Last));
        return 0;
    }
}

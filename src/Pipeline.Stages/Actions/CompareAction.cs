using Pipeline.Cli;
using Pipeline.Config;
using Pipeline.Engine;
using Pipeline.Foundation;
using Pipeline.Reporting.Comparison;
using Pipeline.Reporting.Metrics;
using Pipeline.Stages.Experiments;
using Pipeline.Stages.History;

namespace Pipeline.Stages.Actions;

/// <summary>
/// The Compare target: parameter and metric differences of two experiments, like <c>dvc params diff</c> and
/// <c>dvc metrics diff</c>. Parameters come from the experiment files; metrics from each experiment's last
/// report (<c>report/metrics.json</c> under its artifacts folder).
/// </summary>
public static class CompareAction
{
    public static int Run(string repositoryRoot, string artifactsRoot, BuildOptions options, TextWriter output, TextWriter error)
    {
        if (options.Builds.Count > 0)
        {
            return CompareBuilds(repositoryRoot, artifactsRoot, options, output, error);
        }

        var experiments = options.Experiments;
        if (experiments.Count != 2)
        {
            error.WriteLine($"error: Compare needs two experiments: ./build.sh Compare --experiment A --experiment B (got {experiments.Count})");
            return 2;
        }

        var snapshots = new List<ExperimentSnapshot>();
        var resultFolders = new List<string>();
        foreach (var path in experiments)
        {
            Experiment experiment;
            try
            {
                experiment = ExperimentLoader.Load(path, repositoryRoot);
            }
            catch (ConfigException e)
            {
                foreach (var problem in e.Errors)
                {
                    error.WriteLine($"error: {problem}");
                }

                return 2;
            }

            var folder = PipelineRunner.ArtifactsFor(experiment, artifactsRoot, options);
            if (resultFolders.Contains(folder, StringComparer.Ordinal))
            {
                error.WriteLine($"error: both experiments' results would be read from {folder} (--artifacts names one folder for both); " +
                    "build each experiment into its own folder: without --artifacts, a non-default experiment builds into artifacts/<its folder name>/");
                return 2;
            }

            resultFolders.Add(folder);
            var metricsPath = Path.Combine(folder, "report", "metrics.json");
            if (!File.Exists(metricsPath))
            {
                error.WriteLine($"error: {experiment.DisplayDirectory} has no results yet ({metricsPath} is missing); run ./build.sh Ensemble --experiment {experiment.DisplayDirectory} first");
                return 1;
            }

            snapshots.Add(new ExperimentSnapshot(experiment.DisplayDirectory, Parameters(experiment), MetricsJson.Read(metricsPath)));
        }

        output.Write(ExperimentComparison.Render(snapshots[0], snapshots[1]));
        return 0;
    }

    /// <summary>Two builds of one experiment's history (<c>--build N --build M</c>), by their recorded parameters and metrics.</summary>
    private static int CompareBuilds(string repositoryRoot, string artifactsRoot, BuildOptions options, TextWriter output, TextWriter error)
    {
        if (options.Builds.Count != 2 || options.Experiments.Count != 1)
        {
            error.WriteLine($"error: Compare needs two builds of one experiment: ./build.sh Compare --build N --build M [--experiment X] (got {options.Builds.Count} builds, {options.Experiments.Count} experiments)");
            return 2;
        }

        var path = ExperimentArtifacts.HistoryPath(repositoryRoot, artifactsRoot, options);
        var (records, problems) = BuildHistory.Read(path);
        foreach (var problem in problems)
        {
            error.WriteLine($"warning: {problem}");
        }

        var chosen = new List<BuildRecord>();
        foreach (var selector in options.Builds)
        {
            var (record, problem) = BuildSelector.Find(records, selector);
            if (record is null)
            {
                error.WriteLine($"error: {problem} ({path})");
                return 2;
            }

            chosen.Add(record);
        }

        output.Write(BuildComparison.Render(
            chosen[0], $"#{BuildSelector.NumberOf(records, chosen[0])}", chosen[1], $"#{BuildSelector.NumberOf(records, chosen[1])}"));
        return 0;
    }

    /// <summary>Each experiment file's parameters, flattened (<c>training.phases[0].optimizer.lr</c> → <c>0.001</c>).</summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Parameters(Experiment experiment) =>
        experiment.Sections().ToDictionary(r => r.File, r => (IReadOnlyDictionary<string, string>)JsonFlattener.Flatten(ConfigJson.ToJson(r.Record), plainStrings: true));
}

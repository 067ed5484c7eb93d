using Pipeline.Engine;
using Pipeline.Reporting.Comparison;
using Pipeline.Reporting.Metrics;
using Pipeline.Stages.Experiments;
using Pipeline.Stages.Graph;

namespace Pipeline.Stages.History;

/// <summary>Appends a finished build to its experiment's history: the experiment's parameters, every run's key, the metrics.</summary>
public static class BuildHistoryRecorder
{
    /// <summary>
    /// Appends the record; a history that cannot be written is a warning on <paramref name="error"/>, never a failed
    /// build (the results themselves are in the store).
    /// </summary>
    public static BuildRecord? Append(
        string artifactsDirectory, Experiment experiment, IReadOnlyList<string> targets, BuildResult result, DateTimeOffset started, DateTimeOffset finished, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        ArgumentNullException.ThrowIfNull(result);
        var parameters = new SortedDictionary<string, SortedDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var (file, flat) in Actions.CompareAction.Parameters(experiment))
        {
            parameters[file] = new SortedDictionary<string, string>(flat.ToDictionary(p => p.Key, p => p.Value), StringComparer.Ordinal);
        }

        var record = BuildRecord.From(result, started, finished, experiment.DisplayDirectory, targets, parameters, ReportMetrics(result, error));
        var path = BuildHistory.PathOf(new ArtifactLayout(artifactsDirectory));
        try
        {
            BuildHistory.Append(path, record);
            return record;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"warning: could not append this build to {path}: {e.Message}");
            return null;
        }
    }

    /// <summary>The report's metrics (<c>report.ladder.…</c>, <c>report.methods.…</c>, …) when the build has a Report run.</summary>
    private static Dictionary<string, double> ReportMetrics(BuildResult result, TextWriter error)
    {
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        if (result.Runs.FirstOrDefault(r => r.RunId == PipelineGraph.ReportRun)?.Manifest?.Metrics is not { } json)
        {
            return metrics;
        }

        try
        {
            foreach (var (name, value) in ExperimentComparison.Flatten(MetricsJson.Parse(json.ToJsonString())))
            {
                if (value is { } v)
                {
                    metrics["report." + name] = v;
                }
            }
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidDataException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            error.WriteLine($"warning: the report's metrics could not be read for the history ({e.Message}); its headline is recorded");
        }

        return metrics;
    }
}

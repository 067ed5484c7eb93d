using Pipeline.Benchmarks.Infrastructure;

namespace Pipeline.Benchmarks.Figures;

/// <summary>
/// (h) <c>./build.sh Ensemble</c> on the experiment from an empty artifacts folder: total wall time, and each
/// stage run's own duration from its store manifest (the engine records it when it commits the run).
/// One run: it takes minutes, and the stages' figures are what (a)-(d) measure in detail.
/// </summary>
public static class PipelineFromClean
{
    public static IReadOnlyList<Figure> Measure(BenchContext context)
    {
        var artifacts = context.PipelineArtifacts;
        if (Directory.Exists(artifacts))
        {
            Directory.Delete(artifacts, recursive: true);
        }

        var outcome = context.RunBuildScript("pipeline", ["Ensemble", .. context.CommonArguments(artifacts)]);
        if (outcome.ExitCode != 0)
        {
            return [Figure.Missing("h", "default experiment from a clean artifacts folder", "s", $"./build.sh Ensemble failed (exit code {outcome.ExitCode}); see {outcome.LogPath}")];
        }

        var runs = StoreManifests.Read(artifacts);
        var total = outcome.Elapsed.TotalSeconds;
        var staged = runs.Sum(r => r.DurationSeconds ?? 0);
        var figures = new List<Figure>
        {
            Figure.Of("h", $"./build.sh Ensemble from a clean artifacts folder, wall time ({runs.Count} stage runs, one run, --jobs 1)", "s", [total]).AtMost(600, "0"),
        };
        foreach (var run in runs)
        {
            figures.Add(Figure.Of($"h.{run.RunId}", $"stage run {run.RunId} ({run.Kind}), from its manifest", "s", [run.DurationSeconds ?? 0]));
        }

        figures.Add(Figure.Of("h.engine", "engine and process overhead: wall time minus the stage runs' durations", "s", [total - staged]));
        return figures;
    }
}

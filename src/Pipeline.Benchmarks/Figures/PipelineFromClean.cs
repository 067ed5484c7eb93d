using System.Text.Json;
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

        var runs = Runs(Path.Combine(artifacts, "cache"));
        var total = outcome.Elapsed.TotalSeconds;
        var staged = runs.Sum(r => r.Seconds);
        var figures = new List<Figure>
        {
            Figure.Of("h", $"./build.sh Ensemble from a clean artifacts folder, wall time ({runs.Count} stage runs, one run, --jobs 1)", "s", [total]).AtMost(600, "0"),
        };
        foreach (var run in runs)
        {
            figures.Add(Figure.Of($"h.{run.RunId}", $"stage run {run.RunId} ({run.Kind}), from its manifest", "s", [run.Seconds]));
        }

        figures.Add(Figure.Of("h.engine", "engine and process overhead: wall time minus the stage runs' durations", "s", [total - staged]));
        return figures;
    }

    /// <summary>Committed runs (cache/xx/key/manifest.json) in creation order.</summary>
    public static IReadOnlyList<(string RunId, string Kind, double Seconds, DateTimeOffset Created)> Runs(string cache)
    {
        var runs = new List<(string, string, double, DateTimeOffset)>();
        if (!Directory.Exists(cache))
        {
            return runs;
        }

        foreach (var prefix in Directory.EnumerateDirectories(cache))
        {
            foreach (var entry in Directory.EnumerateDirectories(prefix))
            {
                var manifest = Path.Combine(entry, "manifest.json");
                if (!File.Exists(manifest))
                {
                    continue;
                }

                using var document = JsonDocument.Parse(File.ReadAllBytes(manifest));
                var root = document.RootElement;
                if (!root.TryGetProperty("runId", out var runId) || !root.TryGetProperty("durationSeconds", out var duration))
                {
                    continue;
                }

                runs.Add((runId.GetString() ?? "?", root.TryGetProperty("kind", out var kind) ? kind.GetString() ?? "?" : "?",
                    duration.GetDouble(), root.TryGetProperty("created", out var created) ? created.GetDateTimeOffset() : default));
            }
        }
        return runs.OrderBy(r => r.Item4).ToList();
    }
}

using Pipeline.Benchmarks.Infrastructure;
using Pipeline.Stages;

namespace Pipeline.Benchmarks.Figures;

/// <summary>
/// (j) <c>./build.sh Ensemble</c> from an empty artifacts folder with <c>--jobs 1</c> against <c>--jobs 2</c>, interleaved
/// (1 2, 2 1, ...): the wall time of each and the per-pair ratio jobs 2 / jobs 1 (goal: at most 1, parallel stages no
/// slower), and whether both builds gave every run the same key and the same output bytes (goal: none differ; the
/// report's index.html shows the build's durations and is left out, as the README's determinism section says). The
/// scheduler's core budget decides what runs at once; <c>--threads</c> (the benchmark's) is the same on both sides.
/// Minutes per build, so only when named (<c>PIPELINE_BENCH_FIGURES=j</c>); <c>PIPELINE_BENCH_JOBS_PAIRS</c> pairs (default 2).
/// </summary>
public static class JobsFromClean
{
    public const string PairsVariable = "PIPELINE_BENCH_JOBS_PAIRS";

    public static IReadOnlyList<Figure> Measure(BenchContext context)
    {
        var pairs = int.TryParse(Environment.GetEnvironmentVariable(PairsVariable), out var p) && p > 0 ? p : 2;
        var seconds = new Dictionary<int, List<double>> { [1] = [], [2] = [] };
        var outputs = new Dictionary<int, IReadOnlyDictionary<string, (string Key, string Content)>>();
        for (int pair = 0; pair < pairs; pair++)
        {
            int[] order = pair % 2 == 0 ? [1, 2] : [2, 1];
            foreach (var jobs in order)
            {
                var artifacts = Path.Combine(context.WorkDirectory, $"jobs-{jobs}");
                if (Directory.Exists(artifacts))
                {
                    Directory.Delete(artifacts, recursive: true);
                }

                var outcome = context.RunBuildScript($"jobs-{jobs}-pair{pair + 1}", ["Ensemble", "--jobs", jobs.ToString(System.Globalization.CultureInfo.InvariantCulture), .. context.CommonArguments(artifacts)]);
                if (outcome.ExitCode != 0)
                {
                    return [Figure.Missing("j", "--jobs 2 / --jobs 1 from clean", "ratio", $"./build.sh Ensemble --jobs {jobs} failed (exit code {outcome.ExitCode}); see {outcome.LogPath}")];
                }

                seconds[jobs].Add(outcome.Elapsed.TotalSeconds);
                outputs[jobs] = Outputs(artifacts);
            }
        }

        var differing = outputs[1].Keys.Union(outputs[2].Keys)
            .Count(run => !outputs[1].TryGetValue(run, out var one) || !outputs[2].TryGetValue(run, out var two) || one != two);
        var what = $"default experiment from a clean artifacts folder, {pairs} interleaved pairs";
        return
        [
            Figure.Of("j.1", $"./build.sh Ensemble --jobs 1, wall time ({what})", "s", seconds[1]),
            Figure.Of("j.2", $"./build.sh Ensemble --jobs 2, wall time ({what})", "s", seconds[2]),
            Figure.Of("j", "--jobs 2 / --jobs 1 wall time, median of the per-pair ratios", "ratio", Stats.Ratios(seconds[2], seconds[1])).AtMost(1.00),
            Figure.Of("j.differ", $"stage runs whose key or output bytes differ between --jobs 1 and --jobs 2 (of {outputs[1].Count}; the report's index.html, which shows durations, left out)", "runs", [differing]).AtMost(0, "0"),
        ];
    }

    /// <summary>Each committed run's key and output files (path=hash, in path order), by run id (the latest entry of a run id wins).</summary>
    private static IReadOnlyDictionary<string, (string Key, string Content)> Outputs(string artifacts)
    {
        var runs = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        foreach (var manifest in StoreManifests.Read(artifacts))
        {
            // The report's index.html shows the build's own stage durations, so it differs between any two builds
            // (README: determinism); every other file must be byte-identical.
            var files = manifest.Files
                .Where(f => !(manifest.Kind == StageKinds.Report && f.Path == "index.html"))
                .OrderBy(f => f.Path, StringComparer.Ordinal)
                .Select(f => $"{f.Path}={f.Hash}");
            runs[manifest.RunId] = (manifest.Key, string.Join(";", files));
        }

        return runs;
    }
}

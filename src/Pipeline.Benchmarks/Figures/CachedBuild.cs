using System.Text.Json;
using Pipeline.Benchmarks.Infrastructure;

namespace Pipeline.Benchmarks.Figures;

/// <summary>
/// (e) wall time of a fully cached <c>./build.sh Ensemble</c> and of <c>./build.sh Ensemble --plan</c>, each a
/// child process from start to exit (process start, SDK lookup, the entry, planning), interleaved after one
/// warm-up run; and whether the no-op build read any file's content (the stat cache's hash times must not move).
/// </summary>
public static class CachedBuild
{
    public static IReadOnlyList<Figure> Measure(BenchContext context, string artifacts, int repeats)
    {
        string[] build = ["Ensemble", .. context.CommonArguments(artifacts)];
        string[] plan = [.. build, "--plan"];
        // Outputs written less than the stat cache's racy window before they are hashed are not trusted (git's rule)
        // and are hashed again by the next run: wait the window out after the build that wrote them (figure h, just
        // before), so the warm-up leaves every file trusted and the timed runs measure the steady no-op.
        Thread.Sleep(Pipeline.Engine.EngineSettings.DefaultStatCacheRacyWindow + TimeSpan.FromSeconds(1));
        var warm = context.RunBuildScript("cached-build", build);
        var planned = new List<string>();
        context.RunBuildScript("cached-build", plan, planned);
        var running = planned.Where(l => l.Contains(": run", StringComparison.Ordinal)).ToList();
        if (warm.ExitCode != 0 || running.Count > 0)
        {
            var why = warm.ExitCode != 0 ? $"the warm-up build failed (exit code {warm.ExitCode})" : $"not fully cached: {string.Join("; ", running)}";
            return [Figure.Missing("e", "fully cached ./build.sh Ensemble", "s", $"{why}; see {warm.LogPath}")];
        }

        var statCache = Path.Combine(artifacts, "cache", "statcache.json");
        var before = HashTimes(statCache);
        var builds = new List<double>();
        var plans = new List<double>();
        int failures = 0;
        for (int r = 0; r < repeats; r++)
        {
            var first = r % 2 == 0 ? build : plan;
            var second = r % 2 == 0 ? plan : build;
            foreach (var arguments in new[] { first, second })
            {
                var outcome = context.RunBuildScript("cached-build", arguments);
                failures += outcome.ExitCode != 0 ? 1 : 0;
                (arguments == build ? builds : plans).Add(outcome.Elapsed.TotalSeconds);
            }
        }
        var after = HashTimes(statCache);
        int rehashed = after.Count(e => !before.TryGetValue(e.Key, out var t) || t != e.Value);
        var note = failures > 0 ? $"{failures} timed run(s) failed; see logs/cached-build.log" : null;
        var figures = new List<Figure>
        {
            Figure.Of("e", "fully cached ./build.sh Ensemble, wall time including process start", "s", builds).AtMost(2.0),
            Figure.Of("e.plan", "./build.sh Ensemble --plan, wall time including process start", "s", plans).AtMost(2.0),
            Figure.Of("e.rehashed", $"files whose content the {repeats * 2} no-op runs read again (stat cache hash times that moved)", "files", [rehashed]).AtMost(0, "0"),
        };
        return note is null ? figures : figures.Select(f => f.WithNote(note)).ToList();
    }

    /// <summary>path → the time its hash was computed, from the engine's stat cache file.</summary>
    private static Dictionary<string, long> HashTimes(string path)
    {
        var times = new Dictionary<string, long>(StringComparer.Ordinal);
        if (!File.Exists(path))
        {
            return times;
        }

        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        if (!document.RootElement.TryGetProperty("entries", out var entries))
        {
            return times;
        }

        foreach (var entry in entries.EnumerateObject())
        {
            times[entry.Name] = entry.Value[2].GetInt64();
        }

        return times;
    }
}

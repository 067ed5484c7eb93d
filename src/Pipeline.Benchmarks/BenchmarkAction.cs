using System.Diagnostics;
using Pipeline.Benchmarks.Figures;
using Pipeline.Benchmarks.Infrastructure;

namespace Pipeline.Benchmarks;

/// <summary>
/// The Benchmark target: figures (a)-(h) of the performance issue, each a median of repeats after warm-up, written to
/// <c>artifacts/bench/*.json</c> with the machine and versions, and printed as a table. Torch figures are measured in
/// worker processes started like stage processes; the build figures run the real <c>./build.sh</c>.
/// <c>PIPELINE_BENCH_FIGURES</c> (letters, default <c>abcdefgh</c>) picks figures; leaving out <c>h</c> skips the
/// minutes-long build of the experiment from scratch.
/// </summary>
public static class BenchmarkAction
{
    public const string FiguresVariable = "PIPELINE_BENCH_FIGURES";
    public const string AllFigures = "abcdefgh";

    /// <summary>
    /// Figures measured only when named: (i) the remote cache needs s3rver (<c>.tools/</c>, see .ci/run); (j) builds the
    /// experiment from clean four times (<c>--jobs 1</c> against <c>--jobs 2</c>).
    /// </summary>
    public const string OptionalFigures = "ij";

    public static int Run(BenchmarkRequest request, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(output);
        var worker = Environment.GetEnvironmentVariable(BenchmarkWorker.WorkerVariable);
        if (!string.IsNullOrEmpty(worker))
        {
            return BenchmarkWorker.Run(worker, request, output);
        }

        var selected = Environment.GetEnvironmentVariable(FiguresVariable) is { Length: > 0 } s ? s.ToLowerInvariant() : AllFigures;
        var unknown = selected.Where(c => !AllFigures.Contains(c) && !OptionalFigures.Contains(c) && c != ',').ToList();
        if (unknown.Count > 0)
        {
            output.WriteLine($"Benchmark: {FiguresVariable}='{selected}' names unknown figures ({string.Join("", unknown)}); use letters of {AllFigures}{OptionalFigures}");
            return 2;
        }

        var context = new BenchContext(request, output);
        Directory.CreateDirectory(context.OutputDirectory);
        if (Directory.Exists(context.LogDirectory))
        {
            Directory.Delete(context.LogDirectory, recursive: true);
        }

        Directory.CreateDirectory(context.LogDirectory);
        Directory.CreateDirectory(context.WorkDirectory);
        var machine = MachineInfo.Collect(request.Threads, context.StageEnvironment);
        output.WriteLine($"Benchmark: figures {selected}, {request.Threads} torch threads, load average {machine.LoadAverageAtStart}; logs in {context.LogDirectory}");
        if (MachineInfo.LoadAverageOneMinute() > 1.5)
        {
            output.WriteLine("Benchmark: warning: the machine is busy (1-minute load average above 1.5); figures will be low and noisy");
        }

        var all = new List<Figure>();
        var groups = new List<object>();
        var clock = Stopwatch.StartNew();
        bool Wants(char figure) => selected.Contains(figure);
        void Group(string name, Func<IReadOnlyList<Figure>> measure)
        {
            var load = MachineInfo.LoadAverage();
            output.WriteLine($"Benchmark: {name} (load average {load}) ...");
            var started = clock.Elapsed;
            IReadOnlyList<Figure> figures;
            try
            {
                figures = measure();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // One group failing (a worker crash, a build that failed) must not lose the others' figures.
                figures = [Figure.Missing(name, name, "", e.Message)];
            }
            var seconds = (clock.Elapsed - started).TotalSeconds;
            all.AddRange(figures);
            var result = new { group = name, machine, load_average_before = load, load_average_after = MachineInfo.LoadAverage(), seconds, figures };
            groups.Add(result);
            BenchJson.Write(Path.Combine(context.OutputDirectory, $"{name}.json"), result);
            foreach (var figure in figures)
            {
                output.WriteLine($"  {figure.Id}: {ResultTable.Format(figure.Median)} {figure.Unit}{(figure.Met is bool met ? met ? " (goal met)" : $" (goal {figure.Goal} MISSED)" : "")}");
            }
        }

        var repeats = int.TryParse(Environment.GetEnvironmentVariable(BenchmarkWorker.RepeatsVariable), out var r) && r > 0 ? r : BenchmarkWorker.DefaultRepeats;
        var artifacts = context.PipelineArtifacts;
        if (Wants('h'))
        {
            Group("pipeline", () => PipelineFromClean.Measure(context));
        }
        else if (selected.Any(c => "abcdeg".Contains(c)) && !Directory.Exists(BenchContext.ShardDirectory(artifacts)))
        {
            output.WriteLine("Benchmark: building Preprocess for the shards the figures read ...");
            context.RunBuildScript("preprocess", ["Preprocess", .. context.CommonArguments(artifacts)]);
        }

        var shards = BenchContext.ShardDirectory(artifacts);
        if (Wants('e'))
        {
            Group("cached-build", () => CachedBuild.Measure(context, artifacts, repeats));
        }

        if (Wants('a') || Wants('b'))
        {
            Group("train", () => context.RunWorker("train", shards));
        }

        if (Wants('a'))
        {
            Group("step-pytorch", () => StepAgainstPyTorch.Measure(context, shards));
        }

        if (Wants('d'))
        {
            Group("tta", () => context.RunWorker("tta", shards));
            Group("tta-pytorch", () => TtaAgainstPyTorch.Measure(context, shards));
        }

        if (Wants('c'))
        {
            Group("augment", () => context.RunWorker("augment", shards));
        }

        if (Wants('f'))
        {
            Group("hashing", () => HashingThroughput.Measure(context, repeats));
        }

        if (Wants('g'))
        {
            Group("memory", () => TrainingMemory.Measure(context, artifacts));
        }

        if (Wants('i'))
        {
            Group("remote", () => RemoteCacheThroughput.Measure(context, repeats));
        }

        if (Wants('j'))
        {
            Group("jobs", () => JobsFromClean.Measure(context));
        }

        var table = ResultTable.Render(machine, all);
        File.WriteAllText(Path.Combine(context.OutputDirectory, "table.txt"), table);
        BenchJson.Write(Path.Combine(context.OutputDirectory, "summary.json"), new
        {
            machine,
            load_average_at_end = MachineInfo.LoadAverage(),
            seconds = clock.Elapsed.TotalSeconds,
            figures = all,
            goals_missed = all.Where(f => f.Met == false).Select(f => f.Id).ToList(),
        });
        output.WriteLine();
        output.Write(table);
        output.WriteLine();
        output.WriteLine($"Benchmark: {clock.Elapsed.TotalMinutes:0.0} min; results in {context.OutputDirectory} (summary.json, one JSON per group, table.txt)");
        return 0;
    }
}

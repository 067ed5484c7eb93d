using System.Globalization;
using System.Text.Json;
using Pipeline.Benchmarks.Infrastructure;

namespace Pipeline.Benchmarks.Figures;

/// <summary>
/// (d.pytorch) our TTA path against PyTorch's best CPU inference, interleaved: the worker <c>infer</c> (tta.yaml's copies
/// made, forward, softmax, mean, as TtaRunner runs it, in the layout TTA uses) against <c>benchmarks/torch_infer.py</c>
/// (the same network in PyTorch, eval, inference_mode, channels_last, a batch in memory), both in forward images per
/// second, at PyTorch's usual batch of 128 and at our TTA call. Measured only where Debian's PyTorch is installed
/// (<c>/usr/bin/python3 -c 'import torch'</c>); elsewhere the figure says it was skipped and why.
/// </summary>
public static class TtaAgainstPyTorch
{
    public const string Python = "/usr/bin/python3";

    /// <summary>Interleaved pairs per batch; <c>PIPELINE_BENCH_PAIRS</c> overrides it.</summary>
    public const int DefaultPairs = 5;

    /// <summary>Timed repeats (each one pass over the val shard's copies) per process, unless <c>PIPELINE_BENCH_REPEATS</c> says otherwise.</summary>
    public const int DefaultRepeats = 3;

    public static IReadOnlyList<Figure> Measure(BenchContext context, string shards)
    {
        var script = Path.Combine(context.Request.RepositoryRoot, "benchmarks", "torch_infer.py");
        var why = PyTorchUnavailable(Python, script, context.Request.RepositoryRoot, Path.Combine(context.LogDirectory, "tta-pytorch.log"));
        if (why is not null)
        {
            context.Output.WriteLine($"Benchmark: d.pytorch skipped: {why}");
            return [Figure.Missing("d.pytorch", "TTA against PyTorch's best inference (channels_last, inference_mode)", "ratio", $"skipped: {why}")];
        }

        var tta = context.Experiment.Tta;
        int views = tta.Copies + (tta.IncludePlain ? 1 : 0) + (tta.IncludeFlips ? 2 : 0);
        int pairs = Pairs();
        var repeats = Environment.GetEnvironmentVariable(BenchmarkWorker.RepeatsVariable) is { Length: > 0 } r ? r : DefaultRepeats.ToString(CultureInfo.InvariantCulture);
        var figures = new List<Figure>();
        foreach (var images in new[] { WorkerOptions.ImagesForForwardBatch(InferThroughput.ReferenceForwardBatch, views), tta.BatchSize }.Distinct())
        {
            int forwardBatch = images * views;
            var (ours, theirs) = Interleave(pairs,
                () => OurTta(context, shards, images, forwardBatch, repeats),
                () => RunScript(context, script, ["--batch", forwardBatch.ToString(CultureInfo.InvariantCulture), "--repeats", repeats, "--memory-format", "channels_last"], "tta-pytorch"),
                (pair, a, b) => context.Output.WriteLine($"  d.pytorch.{forwardBatch} pair {pair + 1}/{pairs}: ours {a:0.0}, PyTorch {b:0.0} forward img/s, ratio {a / b:0.000} (load {MachineInfo.LoadAverageOneMinute():0.0})"));

            var what = $"{images} images × {views} views = {forwardBatch} forward images per call, {context.Request.Threads} threads, the stage processes' allocator";
            figures.Add(Figure.Of($"d.pytorch.{forwardBatch}.ours", $"our TTA (val shard read, copies made, forward, softmax, mean; channels_last as the Tta stage runs on the CPU), forward images per second ({what})", "img/s", ours));
            figures.Add(Figure.Of($"d.pytorch.{forwardBatch}.torch", $"PyTorch inference (torch_infer.py: eval, inference_mode, channels_last, batch in memory) ({what})", "img/s", theirs));
            figures.Add(Figure.Of($"d.pytorch.{forwardBatch}", $"ours over PyTorch's best, median of {pairs} interleaved pairs (alternating which goes first)", "ratio", Stats.Ratios(ours, theirs)).AtLeast(1.00));
        }

        return figures;
    }

    /// <summary>Null when <paramref name="python"/> can run <paramref name="script"/> with torch and torchvision, else why not (for the figure's note).</summary>
    public static string? PyTorchUnavailable(string python, string script, string workingDirectory, string logPath)
    {
        if (!File.Exists(script))
        {
            return $"{script} is missing";
        }

        if (!File.Exists(python))
        {
            return $"{python} does not exist (Debian's python3 with python3-torch runs the PyTorch side)";
        }

        var capture = new List<string>();
        var outcome = ChildProcess.Run(python, ["-c", "import torch, torchvision; print(torch.__version__)"], new Dictionary<string, string>(), workingDirectory,
            logPath, capture: capture);
        return outcome.ExitCode == 0
            ? null
            : $"{python} cannot import torch and torchvision (exit code {outcome.ExitCode}{(capture.Count > 0 ? $": {capture[^1]}" : "")}); apt-get install python3-torch python3-torchvision";
    }

    private static double OurTta(BenchContext context, string shards, int images, int forwardBatch, string repeats)
    {
        return context.RunWorkerFigure("infer", $"d.infer.{forwardBatch}", shards, new Dictionary<string, string>
        {
            [WorkerOptions.TtaImagesVariable] = images.ToString(CultureInfo.InvariantCulture),
            [BenchmarkWorker.RepeatsVariable] = repeats,
            // As the Tta stage runs on the CPU (TtaRunner): weights and views in channels_last.
            [WorkerOptions.MemoryFormatVariable] = "channels_last",
        }, logName: "tta-pytorch").Median;
    }

    /// <summary>
    /// <paramref name="pairs"/> interleaved pairs (ours then PyTorch, then the other way round, alternating), each side's
    /// figure of one process; <paramref name="log"/> gets each pair as it ends.
    /// </summary>
    internal static (List<double> Ours, List<double> Theirs) Interleave(int pairs, Func<double> ours, Func<double> theirs, Action<int, double, double> log)
    {
        var (a, b) = (new List<double>(), new List<double>());
        for (int pair = 0; pair < pairs; pair++)
        {
            if (pair % 2 == 0)
            {
                a.Add(ours());
                b.Add(theirs());
            }
            else
            {
                b.Add(theirs());
                a.Add(ours());
            }

            log(pair, a[^1], b[^1]);
        }

        return (a, b);
    }

    /// <summary>One run of a PyTorch script of benchmarks/ with the stage processes' environment and threads: the median of the samples of the JSON line it prints last.</summary>
    internal static double RunScript(BenchContext context, string script, IReadOnlyList<string> arguments, string logName)
    {
        var capture = new List<string>();
        string[] command = ["-B", script, .. arguments, "--threads", context.Request.Threads.ToString(CultureInfo.InvariantCulture)];
        var outcome = ChildProcess.Run(Python, command, context.StageEnvironment, context.Request.RepositoryRoot,
            Path.Combine(context.LogDirectory, $"{logName}.log"), capture: capture);
        var last = capture.LastOrDefault(line => line.StartsWith('{'));
        if (outcome.ExitCode != 0 || last is null)
        {
            throw new InvalidOperationException($"{Path.GetFileName(script)} failed (exit code {outcome.ExitCode}); see {outcome.LogPath}");
        }

        using var json = JsonDocument.Parse(last);
        var samples = json.RootElement.GetProperty("samples").EnumerateArray().Select(e => e.GetDouble()).ToList();
        return Stats.Median(samples);
    }

    /// <summary>Interleaved pairs per figure: <c>PIPELINE_BENCH_PAIRS</c>, else <see cref="DefaultPairs"/>.</summary>
    internal static int Pairs() =>
        int.TryParse(Environment.GetEnvironmentVariable("PIPELINE_BENCH_PAIRS"), out var p) && p > 0 ? p : DefaultPairs;
}

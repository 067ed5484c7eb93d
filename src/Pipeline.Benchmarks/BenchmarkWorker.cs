using Pipeline.Benchmarks.Figures;
using Pipeline.Benchmarks.Infrastructure;
using Pipeline.Runtime;
using Pipeline.Stages.Experiments;
using TorchSharp;

namespace Pipeline.Benchmarks;

/// <summary>
/// The child side: a worker process measures one group of torch figures in a fresh process started the way
/// the engine starts stage processes (same entry, same allocator environment, same thread settings).
/// </summary>
public static class BenchmarkWorker
{
    /// <summary>Names the group a worker process measures.</summary>
    public const string WorkerVariable = "PIPELINE_BENCH_WORKER";

    /// <summary>JSON file the worker writes its figures to.</summary>
    public const string OutputVariable = "PIPELINE_BENCH_OUTPUT";

    /// <summary>Folder with the preprocessed shards.</summary>
    public const string DataVariable = "PIPELINE_BENCH_DATA";

    /// <summary>Timed repeats per figure (default <see cref="DefaultRepeats"/>).</summary>
    public const string RepeatsVariable = "PIPELINE_BENCH_REPEATS";

    public const int DefaultRepeats = 7;

    public static readonly IReadOnlyDictionary<string, Func<WorkerContext, IReadOnlyList<Figure>>> Groups =
        new Dictionary<string, Func<WorkerContext, IReadOnlyList<Figure>>>(StringComparer.Ordinal)
        {
            ["train"] = TrainThroughput.Measure,
            ["step"] = TrainThroughput.MeasureStepOnly,
            ["tta"] = TtaThroughput.Measure,
            ["infer"] = InferThroughput.Measure,
            ["augment"] = AugmentationThroughput.Measure,
        };

    public static int Run(string group, BenchmarkRequest request, TextWriter log)
    {
        if (!Groups.TryGetValue(group, out var measure))
        {
            log.WriteLine($"benchmark worker: unknown group '{group}'; known: {string.Join(", ", Groups.Keys)}");
            return 2;
        }
        var output = Environment.GetEnvironmentVariable(OutputVariable);
        var data = Environment.GetEnvironmentVariable(DataVariable);
        if (string.IsNullOrEmpty(output) || string.IsNullOrEmpty(data))
        {
            log.WriteLine($"benchmark worker: set {OutputVariable} and {DataVariable}");
            return 2;
        }
        var repeats = int.TryParse(Environment.GetEnvironmentVariable(RepeatsVariable), out var r) && r > 0 ? r : DefaultRepeats;

        // Before the first torch call, as in the stage process.
        LibTorchSharpPatcher.EnsureLoadable(AppContext.BaseDirectory, log.WriteLine);
        torch.set_num_threads(request.Threads);
        torch.set_num_interop_threads(1);
        var context = new WorkerContext
        {
            Experiment = ExperimentLoader.Load(request.Experiment, request.RepositoryRoot),
            DataDirectory = data,
            Threads = request.Threads,
            Repeats = repeats,
            BenchmarkDotNetDirectory = Path.Combine(request.OutputDirectory, "benchmarkdotnet"),
            Log = log,
        };
        log.WriteLine($"benchmark worker '{group}': {request.Threads} torch threads, {repeats} repeats, data {data}");
        var figures = measure(context);
        BenchJson.Write(output, figures);
        return 0;
    }
}

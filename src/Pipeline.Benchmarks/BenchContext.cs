using Pipeline.Benchmarks.Infrastructure;
using Pipeline.Engine;
using Pipeline.Stages;
using Pipeline.Stages.Experiments;

namespace Pipeline.Benchmarks;

/// <summary>The orchestrator's surroundings: folders, the experiment, and how to start builds and worker processes.</summary>
public sealed class BenchContext
{
    public BenchContext(BenchmarkRequest request, TextWriter output)
    {
        Request = request;
        Output = output;
        ExperimentDirectory = ExperimentLoader.Resolve(request.Experiment, request.RepositoryRoot);
        Experiment = ExperimentLoader.Load(request.Experiment, request.RepositoryRoot);
        StageEnvironment = Pipeline.Stages.StageEnvironment.For(Experiment.Pipeline.Runtime);
    }

    public BenchmarkRequest Request { get; }

    public TextWriter Output { get; }

    public string ExperimentDirectory { get; }

    public Experiment Experiment { get; }

    /// <summary>The environment the engine gives this experiment's stage processes (the tuned allocator by default).</summary>
    public IReadOnlyDictionary<string, string> StageEnvironment { get; }

    public string OutputDirectory => Request.OutputDirectory;

    public string LogDirectory => Path.Combine(OutputDirectory, "logs");

    /// <summary>Scratch space: the artifacts folder the default experiment is built into, experiment copies.</summary>
    public string WorkDirectory => Path.Combine(OutputDirectory, "work");

    /// <summary>The artifacts folder of the benchmark's own builds of the experiment.</summary>
    public string PipelineArtifacts => Path.Combine(WorkDirectory, "artifacts");

    /// <summary>Where Preprocess publishes the shards inside <paramref name="artifacts"/>.</summary>
    public static string ShardDirectory(string artifacts) => Path.Combine(artifacts, "data", "preprocessed");

    public string[] CommonArguments(string artifacts, string? experiment = null) =>
        ["--experiment", experiment ?? ExperimentDirectory, "--artifacts", artifacts, "--threads", Request.Threads.ToString(System.Globalization.CultureInfo.InvariantCulture)];

    /// <summary>Runs this build entry (<c>dotnet _build.dll ...</c>) as a child process.</summary>
    public ChildProcess.Outcome RunEntry(string logName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null,
        Action<System.Diagnostics.Process>? whileRunning = null, List<string>? capture = null)
    {
        var command = StageCommand.ForCurrentProcess([.. arguments]);
        return ChildProcess.Run(command.Program, command.ArgumentsPrefix, environment ?? new Dictionary<string, string>(), Request.RepositoryRoot,
            Path.Combine(LogDirectory, $"{logName}.log"), whileRunning, capture);
    }

    /// <summary>Runs <c>./build.sh</c> as a user would.</summary>
    public ChildProcess.Outcome RunBuildScript(string logName, IEnumerable<string> arguments, List<string>? capture = null,
        IReadOnlyDictionary<string, string>? environment = null) =>
        ChildProcess.Run("bash", [Path.Combine(Request.RepositoryRoot, "build.sh"), .. arguments], environment ?? new Dictionary<string, string>(), Request.RepositoryRoot,
            Path.Combine(LogDirectory, $"{logName}.log"), capture: capture);

    /// <summary>Measures a group of torch figures in a worker process with the stage processes' environment (plus <paramref name="extra"/>).</summary>
    public IReadOnlyList<Figure> RunWorker(string group, string dataDirectory, IReadOnlyDictionary<string, string>? extra = null, string? logName = null)
    {
        var result = Path.Combine(WorkDirectory, $"{group}.figures.json");
        File.Delete(result);
        var environment = new Dictionary<string, string>(StageEnvironment)
        {
            [BenchmarkWorker.WorkerVariable] = group,
            [BenchmarkWorker.OutputVariable] = result,
            [BenchmarkWorker.DataVariable] = dataDirectory,
        };
        var repeats = Environment.GetEnvironmentVariable(BenchmarkWorker.RepeatsVariable);
        if (!string.IsNullOrEmpty(repeats))
        {
            environment[BenchmarkWorker.RepeatsVariable] = repeats;
        }

        foreach (var (name, value) in extra ?? new Dictionary<string, string>())
        {
            environment[name] = value;
        }

        var outcome = RunEntry(logName ?? group, ["Benchmark", .. CommonArguments(Request.ArtifactsDirectory)], environment);
        if (outcome.ExitCode != 0 || !File.Exists(result))
        {
            throw new InvalidOperationException($"benchmark worker '{group}' failed (exit code {outcome.ExitCode}); see {outcome.LogPath}");
        }

        return BenchJson.Read<List<Figure>>(result);
    }

    /// <summary>Runs a worker group (see <see cref="RunWorker"/>) and returns its figure <paramref name="id"/>; a worker that did not report it is an error naming what it did report.</summary>
    public Figure RunWorkerFigure(string group, string id, string dataDirectory, IReadOnlyDictionary<string, string>? extra = null, string? logName = null)
    {
        var figures = RunWorker(group, dataDirectory, extra, logName);
        return figures.FirstOrDefault(f => f.Id == id)
            ?? throw new InvalidOperationException($"the {group} worker reported {string.Join(", ", figures.Select(f => f.Id))}, not {id}");
    }
}

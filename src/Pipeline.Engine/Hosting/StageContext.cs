using System.Text.Json.Nodes;

namespace Pipeline.Engine;

/// <summary>What a stage sees while it runs: its parameters, inputs, output folder, log, resources and cancellation.</summary>
public sealed class StageContext
{
    /// <summary>Creates a context from a spec.</summary>
    public StageContext(StageSpec spec, TextWriter log, CancellationToken cancellationToken)
    {
        Spec = spec ?? throw new ArgumentNullException(nameof(spec));
        Log = log ?? throw new ArgumentNullException(nameof(log));
        CancellationToken = cancellationToken;
    }

    /// <summary>The spec the engine wrote.</summary>
    public StageSpec Spec { get; }

    /// <summary>The run id.</summary>
    public string RunId => Spec.RunId;

    /// <summary>The stage kind.</summary>
    public string Kind => Spec.Kind;

    /// <summary>Resolved parameters.</summary>
    public JsonObject Parameters => Spec.Parameters;

    /// <summary>Upstream runs' committed folders. Read them; never write to them.</summary>
    public IReadOnlyList<StageUpstream> Upstream => Spec.Upstream;

    /// <summary>Data inputs: key path to full path.</summary>
    public IReadOnlyDictionary<string, string> Inputs => Spec.Inputs;

    /// <summary>Where to write outputs. It may hold files of an earlier interrupted attempt: a stage may resume from them.</summary>
    public string OutputDirectory => Spec.OutputDirectory;

    /// <summary>The stage's log (its stdout, which the engine tees into the run's log file).</summary>
    public TextWriter Log { get; }

    /// <summary>Structured progress (phase, epoch, step, images per second) for the orchestrator's display.</summary>
    public IStageProgress Progress { get; init; } = StageProgressWriter.None;

    /// <summary>Threads the stage may use.</summary>
    public int Threads => Spec.Threads;

    /// <summary>Cores the scheduler gave the stage (<see cref="StageSpec.Cores"/>): the most threads its own data preparation may add up to.</summary>
    public int Cores => Math.Max(1, Spec.Cores);

    /// <summary>The device string.</summary>
    public string Device => Spec.Device;

    /// <summary>Signalled when the process is asked to stop (SIGTERM, Ctrl+C) or the orchestrator is gone.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>The committed folder of an upstream run by run id.</summary>
    public string UpstreamDirectory(string runId) =>
        Upstream.FirstOrDefault(u => u.RunId == runId)?.Directory
        ?? throw new KeyNotFoundException($"{RunId} has no upstream run '{runId}' (it has: {string.Join(", ", Upstream.Select(u => u.RunId))}).");

    /// <summary>The upstream runs of a target, in upstream order.</summary>
    public IReadOnlyList<StageUpstream> UpstreamOf(string target) => Upstream.Where(u => u.Target == target).ToList();
}

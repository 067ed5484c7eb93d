using System.Text.Json.Nodes;

namespace Pipeline.Engine;

/// <summary>
/// One execution of a stage kind with fully resolved parameters: the unit the engine caches, schedules and runs
/// in its own process. Everything that may change the output must be in <see cref="Kind"/>, <see cref="Parameters"/>,
/// <see cref="Upstream"/>, <see cref="Inputs"/> or <see cref="Code"/>: those make the run's key.
/// </summary>
public sealed record StageRun
{
    /// <summary>Creates a run of <paramref name="kind"/> that belongs to <paramref name="target"/>.</summary>
    public StageRun(string target, string runId, string kind)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        Target = target;
        RunId = runId;
        Kind = kind;
    }

    /// <summary>The target this run does (part of) the work of.</summary>
    public string Target { get; init; }

    /// <summary>Unique id across the graph, e.g. <c>Tta/resnet</c>; also names the log file and the lock file record.</summary>
    public string RunId { get; init; }

    /// <summary>The stage kind the stage process looks up in its <see cref="StageRegistry"/>.</summary>
    public string Kind { get; init; }

    /// <summary>Resolved values of exactly the parameters this stage reads. Part of the key.</summary>
    public JsonObject Parameters { get; init; } = [];

    /// <summary>
    /// Where parameters came from, by flattened path (<c>optimizer.lr</c> → <c>experiments/resnet.yaml</c>). A prefix
    /// (<c>optimizer</c>) covers every path below it; the longest match wins. Only used to explain the plan.
    /// </summary>
    public IReadOnlyDictionary<string, string> ParameterSources { get; init; } = new Dictionary<string, string>();

    /// <summary>Run ids whose committed outputs this run reads. Part of the key through their output manifest hash.</summary>
    public IReadOnlyList<string> Upstream { get; init; } = [];

    /// <summary>
    /// Data files or folders this run reads, relative to <see cref="EngineSettings.InputRoot"/> (or absolute).
    /// Their content hashes are part of the key, under the path relative to the input root.
    /// </summary>
    public IReadOnlyList<string> Inputs { get; init; } = [];

    /// <summary>Identity of the code that implements the stage (a version or source hash). Part of the key.</summary>
    public string Code { get; init; } = "";

    /// <summary>Environment variables added to the stage process. Not part of the key: they must not change results.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// The cores the run's process keeps busy (its compute threads), which the scheduler counts against the build's core
    /// budget (<see cref="EngineSettings.Cores"/>); more than the budget (<see cref="AllCores"/>: every core) means the
    /// run runs alone. Not part of the key: a run whose thread count changes its output has that count in
    /// <see cref="Parameters"/>.
    /// </summary>
    public int Cores { get; init; } = 1;

    /// <summary>A <see cref="Cores"/> value for a run that spreads over every core it is given.</summary>
    public const int AllCores = int.MaxValue;

    /// <summary>Friendly paths to point at this run's output after it is committed or found cached.</summary>
    public IReadOnlyList<PublishLink> Publish { get; init; } = [];
}

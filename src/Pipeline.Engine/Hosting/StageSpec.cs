using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Foundation;

namespace Pipeline.Engine;

/// <summary>
/// Everything a stage process needs, written by the engine as JSON and passed by path: what to run, with which
/// parameters, reading which folders and files, writing where, with how many threads on which device.
/// </summary>
public sealed record StageSpec
{
    /// <summary>Current format version.</summary>
    public const int CurrentVersion = 1;

    /// <summary>Format version.</summary>
    public int Version { get; init; } = CurrentVersion;

    /// <summary>The run id.</summary>
    public required string RunId { get; init; }

    /// <summary>The run's target.</summary>
    public required string Target { get; init; }

    /// <summary>The stage kind to look up in the registry.</summary>
    public required string Kind { get; init; }

    /// <summary>The run key (also the work folder's name).</summary>
    public required string Key { get; init; }

    /// <summary>Resolved parameters.</summary>
    public required JsonObject Parameters { get; init; }

    /// <summary>Upstream runs' committed folders, in the run's upstream order.</summary>
    public required IReadOnlyList<StageUpstream> Upstream { get; init; }

    /// <summary>Data inputs: key path (relative to the input root) to full path.</summary>
    public required IReadOnlyDictionary<string, string> Inputs { get; init; }

    /// <summary>The work folder to write outputs into; may hold files of an earlier interrupted attempt to resume from.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>The lock file the stage holds on its work folder while it runs.</summary>
    public required string WorkLockPath { get; init; }

    /// <summary>The artifacts folder (for stages that need scratch space outside their output).</summary>
    public required string ArtifactsDirectory { get; init; }

    /// <summary>Where the stage reports structured progress (<see cref="StageProgressWriter"/>); null: nowhere.</summary>
    public string? ProgressPath { get; init; }

    /// <summary>Threads the stage may use.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>
    /// Cores the scheduler gave the stage for as long as it runs (at least 1): what its data preparation may use beside
    /// <see cref="Threads"/>. Never changes results, so it is not part of the key.
    /// </summary>
    public int Cores { get; init; } = 1;

    /// <summary>Device string, uninterpreted by the engine.</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>The orchestrator's pid: the stage stops when it disappears, so no orphan keeps writing to the work folder.</summary>
    public int OrchestratorPid { get; init; }

    /// <summary>
    /// Whether the orchestrator holds the write end of the stage's standard input open (and never writes to it): end
    /// of file there means the orchestrator is gone. False for a stage started by hand, whose input may be a terminal
    /// or /dev/null.
    /// </summary>
    public bool OrchestratorHoldsInput { get; init; }

    /// <summary>Writes the spec to a file.</summary>
    public void Save(string path) => AtomicFile.WriteAllText(path, JsonSerializer.Serialize(this, EngineJsonContext.Files.StageSpec));

    /// <summary>Reads a spec file.</summary>
    public static StageSpec Load(string path) =>
        JsonSerializer.Deserialize(File.ReadAllText(path), EngineJsonContext.Files.StageSpec)
        ?? throw new InvalidDataException($"{path}: empty stage spec");
}

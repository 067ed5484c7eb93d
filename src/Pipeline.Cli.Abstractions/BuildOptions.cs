namespace Pipeline.Cli;

/// <summary>The parsed command line.</summary>
public sealed record BuildOptions
{
    public IReadOnlyList<string> Targets { get; init; } = [];

    /// <summary>Experiment folders; the first is the one built, Compare uses two.</summary>
    public IReadOnlyList<string> Experiments { get; init; } = [BuildParameters.DefaultExperiment];

    public bool Plan { get; init; }

    /// <summary>Null: nothing forced. Empty: every requested target. Otherwise those targets.</summary>
    public IReadOnlyList<string>? Force { get; init; }

    public int Jobs { get; init; } = 1;

    public string Device { get; init; } = "auto";

    public int Threads { get; init; } = BuildParameters.DefaultThreads;

    /// <summary><c>--cores N</c>: the core budget of the stage runs executing at once; null: this machine's cores.</summary>
    public int? Cores { get; init; }

    /// <summary>The artifacts folder (store, logs, published outputs); relative paths are taken from the working folder.</summary>
    public string Artifacts { get; init; } = BuildParameters.DefaultArtifacts;

    /// <summary><c>--set FILE:KEY=VALUE</c> arguments, in order (docs/overrides.md).</summary>
    public IReadOnlyList<string> Set { get; init; } = [];

    /// <summary><c>--overrides FILE.yaml</c> arguments, in order; applied before <see cref="Set"/>.</summary>
    public IReadOnlyList<string> OverrideFiles { get; init; } = [];

    /// <summary><c>--filter EXPR</c>: the Test target passes it to <c>dotnet test --filter</c>.</summary>
    public string? TestFilter { get; init; }

    /// <summary><c>--remote URL</c>: the shared remote cache; null: PIPELINE_REMOTE, then pipeline.yaml's remote.url.</summary>
    public string? Remote { get; init; }

    /// <summary><c>--remote-read-only</c>: pull from the remote cache, never push.</summary>
    public bool RemoteReadOnly { get; init; }

    public string Experiment => Experiments[0];

    /// <summary>Whether <c>--experiment</c> was given (Clean then removes that experiment's results only).</summary>
    public bool ExperimentGiven { get; init; }

    /// <summary>Gc: also keep the entries of this many most recent builds of each experiment.</summary>
    public int Keep { get; init; }

    /// <summary>Gc: trim each store to at most this many bytes, least recently used entries first; null: no limit.</summary>
    public long? MaxSize { get; init; }

    /// <summary>Runs: how many of the most recent builds to list.</summary>
    public int Last { get; init; } = BuildParameters.DefaultLast;

    /// <summary>Compare: two builds from the history (a number Runs shows, <c>last</c>, or <c>last~N</c>).</summary>
    public IReadOnlyList<string> Builds { get; init; } = [];
}

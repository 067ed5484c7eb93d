namespace Pipeline.Engine;

/// <summary>
/// One build in an experiment's history (<see cref="BuildHistory"/>): when, what was asked, the parameters it was
/// built with, every run's key and outcome, and the headline metrics. Written once, never changed.
/// </summary>
public sealed record BuildRecord
{
    /// <summary>Current format version.</summary>
    public const int CurrentVersion = 1;

    /// <summary>Format version.</summary>
    public int Version { get; init; } = CurrentVersion;

    /// <summary>A unique id (UTC start time and a random suffix), stable across history edits.</summary>
    public required string Id { get; init; }

    /// <summary>When the build started.</summary>
    public DateTimeOffset Started { get; init; }

    /// <summary>When it ended.</summary>
    public DateTimeOffset Finished { get; init; }

    /// <summary>The experiment folder as the user named it.</summary>
    public required string Experiment { get; init; }

    /// <summary>The requested targets.</summary>
    public IReadOnlyList<string> Targets { get; init; } = [];

    /// <summary>Whether every run completed (ran or cached).</summary>
    public bool Succeeded { get; init; }

    /// <summary>The experiment's parameters, flattened per file (<c>resnet.yaml</c> → <c>training.phases[1].optimizer.lr</c> → <c>0.01</c>).</summary>
    public SortedDictionary<string, SortedDictionary<string, string>> Parameters { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Every run of the build, in run order.</summary>
    public IReadOnlyList<BuildRecordRun> Runs { get; init; } = [];

    /// <summary>Metrics by name: each run's headline as <c>RunId.name</c>, plus whatever the caller adds (the report's).</summary>
    public SortedDictionary<string, double> Metrics { get; init; } = new(StringComparer.Ordinal);

    /// <summary>The record of a finished build: its runs and their headlines from <paramref name="result"/>.</summary>
    public static BuildRecord From(
        BuildResult result,
        DateTimeOffset started,
        DateTimeOffset finished,
        string experiment,
        IReadOnlyList<string> targets,
        SortedDictionary<string, SortedDictionary<string, string>> parameters,
        IReadOnlyDictionary<string, double>? extraMetrics = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        var metrics = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var run in result.Runs)
        {
            if (run.Headline is { } headline && double.IsFinite(headline.Value))
            {
                metrics[$"{run.RunId}.{headline.Name}"] = headline.Value;
            }
        }

        foreach (var (name, value) in extraMetrics ?? new Dictionary<string, double>())
        {
            if (double.IsFinite(value))
            {
                metrics[name] = value;
            }
        }

        return new BuildRecord
        {
            Id = $"{started.UtcDateTime:yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..6]}",
            Started = started,
            Finished = finished,
            Experiment = experiment,
            Targets = targets,
            Succeeded = result.Succeeded,
            Parameters = parameters,
            Runs = result.Runs.Select(r => new BuildRecordRun
            {
                RunId = r.RunId,
                Target = r.Target,
                Status = r.Status.ToDisplayString(),
                Key = r.Key,
                DurationSeconds = r.Started is null ? null : Math.Round(r.Duration.TotalSeconds, 3),
            }).ToList(),
            Metrics = metrics,
        };
    }
}

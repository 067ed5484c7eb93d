using Pipeline.Foundation;

namespace Pipeline.Engine;

/// <summary>
/// The build engine: plans and builds a <see cref="BuildGraph"/> against the store under the artifacts folder.
/// It wires the types that each do one job: <see cref="BuildPlanner"/> (validate, plan), <see cref="BuildScheduler"/>
/// (order, parallelism, skips), <see cref="StageExecutor"/> (a run's stage process, commit, push),
/// <see cref="RunPublisher"/> (friendly paths) and <see cref="LockFileRecorder"/> (the lock file). A build holds the
/// artifacts folder's build lock; it returns a typed <see cref="BuildResult"/> and renders nothing.
/// </summary>
public sealed class BuildEngine
{
    /// <summary>Environment variable telling a stage process its job slot (0 .. jobs-1), e.g. to take one GPU each.</summary>
    public const string SlotVariable = "PIPELINE_SLOT";

    private readonly EngineSettings _settings;
    private readonly IEngineEvents _events;
    private readonly IClock _clock;

    /// <summary>Creates an engine; events and clock default to none and the system clock.</summary>
    public BuildEngine(EngineSettings settings, IEngineEvents? events = null, IClock? clock = null)
    {
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        _events = events ?? NullEngineEvents.Instance;
        _clock = clock ?? SystemClock.Instance;
        Layout = new ArtifactLayout(settings.ArtifactsDirectory);
    }

    /// <summary>The artifacts folder layout.</summary>
    public ArtifactLayout Layout { get; }

    /// <summary>
    /// What a build of <paramref name="request"/> would do now. Runs nothing and changes nothing in the store
    /// (only the stat cache is saved, so the check stays fast). A run whose upstream will execute cannot know its
    /// key yet and is reported as <c>run (input may change: Upstream)</c>.
    /// </summary>
    public BuildPlan Plan(BuildGraph graph, BuildRequest request)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(request);
        return new BuildPlanner(_settings, Layout, _events).Plan(graph, request);
    }

    /// <summary>
    /// Builds <paramref name="request"/>: waits for the build lock, then runs what is not cached. Failures do not
    /// throw: they are in the result (failed runs, skipped dependents, non-zero <see cref="BuildResult.ExitCode"/>).
    /// Throws <see cref="EngineException"/> for a bad request, before anything runs.
    /// </summary>
    public async Task<BuildResult> BuildAsync(BuildGraph graph, BuildRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(request);
        var closure = BuildPlanner.Validate(graph, request);
        var forced = request.ForcedTargets(closure);
        var command = _settings.StageCommand ?? throw new EngineException("No stage command is configured: the engine cannot start stage processes.");
        var started = _clock.UtcNow;

        using var buildLock = await BuildLock.AcquireAsync(Layout, _events, _settings.LockPollInterval, cancellationToken).ConfigureAwait(false);
        StoreLeftovers.Remove(Layout);
        var session = new BuildSession(graph, _settings, Layout, _events);
        var pusher = session.Remote is { } remote ? new RemotePusher(remote, _events) : null;
        var runs = graph.RunsInOrder(request.Targets);
        var scheduler = new BuildScheduler(runs, request.Jobs, _settings.Cores, _events);
        var steps = new BuildSteps(
            session,
            new StageExecutor(_settings, command, session.Store, session.Remote, pusher, _events, _clock),
            new RunPublisher(Layout, _events),
            pusher,
            forced,
            scheduler.States,
            _events,
            cancellationToken);
        try
        {
            await scheduler.RunAsync(steps, cancellationToken).ConfigureAwait(false);
            await steps.WhenPendingPushesDone().ConfigureAwait(false);
        }
        finally
        {
            // Whatever happened, remember what completed and what was hashed: the next build starts from there.
            new LockFileRecorder(Layout.LockFilePath, _events).Record(session.LockFile, graph, scheduler.States.Values);
            session.SaveStatCache();
        }

        return new BuildResult
        {
            Targets = TargetSummaries.Of(graph, closure, scheduler.States),
            Runs = runs.Select(r => scheduler.States[r.RunId].Result!).ToList(),
            Duration = _clock.UtcNow - started,
            FilesHashed = session.Hasher.FilesHashed,
            RemoteFailures = pusher?.Failures ?? [],
        };
    }
}

namespace Pipeline.Engine;

/// <summary>
/// What a build does with each run the <see cref="BuildScheduler"/> hands it: evaluate it against the store (a
/// cached run is published, and pushed if an earlier build left its push unfinished), remove a corrupt entry before
/// rebuilding, execute it with the <see cref="StageExecutor"/>, publish what was executed or pulled.
/// </summary>
internal sealed class BuildSteps : IRunSteps
{
    private readonly BuildSession _session;
    private readonly StageExecutor _executor;
    private readonly RunPublisher _publisher;
    private readonly RemotePusher? _pusher;
    private readonly HashSet<string> _forced;
    private readonly IReadOnlyDictionary<string, RunState> _states;
    private readonly IEngineEvents _events;
    private readonly List<Task> _pendingPushes = [];
    private readonly CancellationToken _cancellationToken;

    public BuildSteps(
        BuildSession session,
        StageExecutor executor,
        RunPublisher publisher,
        RemotePusher? pusher,
        HashSet<string> forced,
        IReadOnlyDictionary<string, RunState> states,
        IEngineEvents events,
        CancellationToken cancellationToken)
    {
        _session = session;
        _executor = executor;
        _publisher = publisher;
        _pusher = pusher;
        _forced = forced;
        _states = states;
        _events = events;
        _cancellationToken = cancellationToken;
    }

    private ArtifactLayout Layout => _session.Store.Layout;

    public RunResult? Settle(RunState state)
    {
        var run = state.Run;
        try
        {
            state.Evaluation ??= _session.Evaluator.Evaluate(run, UpstreamOutputs(run), _forced.Contains(run.Target));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return RunResults.Of(run, RunStatus.Failed, $"{run.RunId} failed: {e.Message}");
        }

        var evaluation = state.Evaluation;
        if (evaluation.Error is not null)
        {
            return RunResults.Of(run, RunStatus.Failed, evaluation.Error);
        }

        if (evaluation.WillRun)
        {
            return null;
        }

        _publisher.Publish(run, evaluation.Key!);
        if (_pusher is not null && _session.Remote is { ReadOnly: false } remote && remote.IsPending(evaluation.Key!))
        {
            // An earlier build committed this entry but did not finish pushing it.
            _pendingPushes.Add(_pusher.PushAsync(evaluation.Key!, run.RunId, _cancellationToken));
        }

        return RunResults.Of(run, RunStatus.Cached) with { Key = evaluation.Key, Manifest = evaluation.Check!.Manifest };
    }

    public RunResult? Prepare(RunState state)
    {
        var evaluation = state.Evaluation!;
        if (evaluation.Check?.State != EntryState.Corrupt)
        {
            return null;
        }

        var run = state.Run;
        _events.Message(EngineMessageLevel.Warning, $"{run.RunId}: cache entry {evaluation.Key} is corrupt ({evaluation.Check.Problem}): removed, rebuilding");
        try
        {
            _session.Store.Discard(evaluation.Key!);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return RunResults.Of(run, RunStatus.Failed, $"{run.RunId} failed: cannot remove its corrupt cache entry: {e.Message}");
        }
    }

    public Task<RunResult> ExecuteAsync(RunState state, CancellationToken cancellationToken)
    {
        var run = state.Run;
        var upstream = run.Upstream
            .Select(u => new StageUpstream(u, _states[u].Run.Target, _states[u].Run.Kind, Layout.EntryDirectory(_states[u].Result!.Key!)))
            .ToList();
        // A forced run executes even when the remote has its entry, and its push replaces that entry.
        var pull = _session.Remote is not null && !_forced.Contains(run.Target);
        return _executor.ExecuteAsync(state, upstream, pull, cancellationToken);
    }

    public void Executed(RunState state, RunResult result)
    {
        if (result.Status == RunStatus.Ran || result.Pulled)
        {
            _publisher.Publish(state.Run, result.Key!);
        }
    }

    /// <summary>Waits for the pushes of cached entries that an earlier build left unfinished.</summary>
    public Task WhenPendingPushesDone() => Task.WhenAll(_pendingPushes);

    private Dictionary<string, UpstreamOutput?> UpstreamOutputs(StageRun run) =>
        run.Upstream.ToDictionary(
            u => u,
            u => _states[u].Result is { Key: { } key, Manifest: { } manifest } result
                ? new UpstreamOutput(result.Target, key, manifest.ContentHash, Layout.EntryDirectory(key))
                : null,
            StringComparer.Ordinal);
}

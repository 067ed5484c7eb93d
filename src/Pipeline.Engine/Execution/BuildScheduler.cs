namespace Pipeline.Engine;

/// <summary>
/// The scheduler: walks the runs in graph order and starts each one whose upstream runs all succeeded, up to the job
/// count at once, each in a free job slot; skips the dependents of a failed or skipped run, and everything not yet
/// started once the build is cancelled; holds back a run whose key another running run is producing, then lets it
/// settle again (it finds the entry cached). What a run does is up to the <see cref="IRunSteps"/>.
/// <para>
/// Parallel runs share a core budget: a run starts only while the cores of the runs already running plus its own
/// (<see cref="StageRun.Cores"/>) fit in the budget, so two stage processes whose thread pools would each fill the
/// machine run one after the other instead of fighting over the cores. A run that needs more than the whole budget
/// (more <c>--threads</c> than cores) runs alone. Each started run is told its cores: its own count (at most the
/// budget), or with one job at a time the whole budget (what its data preparation may use beside its threads).
/// </para>
/// </summary>
internal sealed class BuildScheduler
{
    private readonly IReadOnlyList<StageRun> _runs;
    private readonly int _jobs;
    private readonly int _cores;
    private readonly IEngineEvents _events;

    /// <param name="runs">Every run of the build, upstream before downstream.</param>
    /// <param name="jobs">Runs executing at the same time at most (at least 1).</param>
    /// <param name="cores">The core budget of the runs executing at the same time (at least 1).</param>
    /// <param name="events">Told of every finished run, and of every failure as an error message.</param>
    public BuildScheduler(IReadOnlyList<StageRun> runs, int jobs, int cores, IEngineEvents events)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(jobs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(cores, 1);
        _runs = runs;
        _jobs = jobs;
        _cores = cores;
        _events = events;
        States = runs.ToDictionary(r => r.RunId, r => new RunState(r), StringComparer.Ordinal);
    }

    /// <summary>Each run's bookkeeping by run id; after <see cref="RunAsync"/> every run has its result.</summary>
    public IReadOnlyDictionary<string, RunState> States { get; }

    /// <summary>Runs the build to its end: when this returns, every run has a result.</summary>
    public async Task RunAsync(IRunSteps steps, CancellationToken cancellationToken)
    {
        var running = new Dictionary<Task<RunResult>, RunState>();
        var runningKeys = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            while (StartReady(steps, running, runningKeys, cancellationToken))
            {
            }

            if (running.Count == 0)
            {
                return;
            }

            var done = await Task.WhenAny(running.Keys).ConfigureAwait(false);
            var finished = running[done];
            running.Remove(done);
            runningKeys.Remove(finished.Evaluation!.Key!);
            finished.Running = false;
            var result = await done.ConfigureAwait(false);
            steps.Executed(finished, result);
            Finish(finished, result);
        }
    }

    /// <summary>One pass over the runs; true when some run started or finished (another pass may find more).</summary>
    private bool StartReady(IRunSteps steps, Dictionary<Task<RunResult>, RunState> running, HashSet<string> runningKeys, CancellationToken cancellationToken)
    {
        var progressed = false;
        foreach (var run in _runs)
        {
            var state = States[run.RunId];
            if (state.Result is not null || state.Running)
            {
                continue;
            }

            var upstream = run.Upstream.Select(u => States[u]).ToList();
            if (upstream.FirstOrDefault(u => u.Result is { Status: RunStatus.Failed or RunStatus.Skipped }) is { } broken)
            {
                Finish(state, RunResults.Of(run, RunStatus.Skipped, $"{run.RunId} skipped: {broken.Run.RunId} did not complete"));
                progressed = true;
                continue;
            }

            if (cancellationToken.IsCancellationRequested)
            {
                Finish(state, RunResults.Of(run, RunStatus.Skipped, $"{run.RunId} skipped: the build was cancelled"));
                progressed = true;
                continue;
            }

            if (!upstream.All(u => u.Succeeded))
            {
                continue;
            }

            if (steps.Settle(state) is { } settled)
            {
                Finish(state, settled);
                progressed = true;
                continue;
            }

            var key = state.Evaluation?.Key ?? throw new InvalidOperationException($"{run.RunId}: settled to execute without a key");
            if (runningKeys.Contains(key))
            {
                // Another run with identical inputs is producing this very entry: wait for it and reuse it.
                state.Evaluation = null;
                continue;
            }

            if (running.Count >= _jobs)
            {
                continue;
            }

            var cores = CoresOf(run);
            if (running.Count > 0 && running.Values.Sum(r => r.Cores) + cores > _cores)
            {
                // Not enough free cores: it starts when a running run ends.
                continue;
            }

            if (steps.Prepare(state) is { } failed)
            {
                Finish(state, failed);
                progressed = true;
                continue;
            }

            state.Running = true;
            state.Cores = _jobs == 1 ? _cores : cores;
            state.Slot = Enumerable.Range(0, _jobs).First(slot => !running.Values.Any(r => r.Slot == slot));
            runningKeys.Add(key);
            running.Add(steps.ExecuteAsync(state, cancellationToken), state);
            progressed = true;
        }

        return progressed;
    }

    /// <summary>The cores a run keeps busy, at most the whole budget.</summary>
    private int CoresOf(StageRun run) => Math.Clamp(run.Cores, 1, _cores);

    private void Finish(RunState state, RunResult result)
    {
        state.Result = result;
        if (result.Status == RunStatus.Failed)
        {
            _events.Message(EngineMessageLevel.Error, result.Message ?? $"{result.RunId} failed");
        }

        _events.RunFinished(result);
    }
}

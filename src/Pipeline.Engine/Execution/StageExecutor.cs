namespace Pipeline.Engine;

/// <summary>
/// Execution of one run: pull its entry from the remote cache when it has it, otherwise write the stage spec, run
/// the stage process in a prepared work folder (its progress file tailed into events), commit the folder into the
/// store and push it. A failure of the run, whatever its cause, becomes a failed <see cref="RunResult"/>.
/// </summary>
internal sealed class StageExecutor
{
    private readonly EngineSettings _settings;
    private readonly StageCommand _command;
    private readonly ArtifactStore _store;
    private readonly RemoteCache? _remote;
    private readonly RemotePusher? _pusher;
    private readonly IEngineEvents _events;
    private readonly IClock _clock;

    public StageExecutor(
        EngineSettings settings, StageCommand command, ArtifactStore store, RemoteCache? remote, RemotePusher? pusher, IEngineEvents events, IClock clock)
    {
        _settings = settings;
        _command = command;
        _store = store;
        _remote = remote;
        _pusher = pusher;
        _events = events;
        _clock = clock;
    }

    private ArtifactLayout Layout => _store.Layout;

    /// <param name="state">The run, settled with its key, and its job slot.</param>
    /// <param name="upstream">The committed outputs of its upstream runs.</param>
    /// <param name="pull">Whether to try the remote cache first (not for a forced run).</param>
    /// <param name="cancellationToken">Kills the stage process; the run then fails as cancelled.</param>
    public async Task<RunResult> ExecuteAsync(RunState state, IReadOnlyList<StageUpstream> upstream, bool pull, CancellationToken cancellationToken)
    {
        // Leave the scheduler loop at once: everything below runs beside other runs.
        await Task.Yield();
        var run = state.Run;
        var evaluation = state.Evaluation!;
        var key = evaluation.Key!;
        var logPath = Layout.LogPath(run.RunId);
        var startedAt = _clock.UtcNow;
        RunResult Failed(string message) =>
            RunResults.Of(run, RunStatus.Failed, message) with { Key = key, Started = startedAt, Duration = _clock.UtcNow - startedAt, LogPath = logPath };

        try
        {
            if (_remote is not null && pull)
            {
                EntryCheck pulled;
                try
                {
                    pulled = await _remote.PullAsync(key, run.RunId, cancellationToken).ConfigureAwait(false);
                }
                catch (RemoteStoreException e)
                {
                    return RunResults.Of(run, RunStatus.Failed, $"{run.RunId} failed: {e.Message}") with { Key = key };
                }

                if (pulled.State == EntryState.Valid)
                {
                    return RunResults.Of(run, RunStatus.Cached) with { Key = key, Manifest = pulled.Manifest, Pulled = true };
                }

                if (pulled.State == EntryState.Corrupt)
                {
                    _events.Message(
                        EngineMessageLevel.Warning,
                        $"{run.RunId}: remote entry {key} on {_remote.Store.Location} is corrupt ({pulled.Problem}): ignored, rebuilding"
                        + (_remote.ReadOnly ? "" : "; the rebuilt entry replaces it"));
                }
            }

            var work = _store.PrepareWorkDirectory(key);
            var spec = new StageSpec
            {
                RunId = run.RunId,
                Target = run.Target,
                Kind = run.Kind,
                Key = key,
                Parameters = (System.Text.Json.Nodes.JsonObject)run.Parameters.DeepClone(),
                Upstream = upstream,
                Inputs = evaluation.InputPaths,
                OutputDirectory = work,
                WorkLockPath = Layout.WorkLockPath(key),
                ProgressPath = Layout.ProgressPath(key),
                ArtifactsDirectory = Layout.Root,
                Threads = _settings.Threads,
                Cores = state.Cores,
                Device = _settings.Device,
                OrchestratorPid = Environment.ProcessId,
                OrchestratorHoldsInput = true,
            };
            var specPath = Layout.SpecPath(key);
            spec.Save(specPath);
            var environment = new Dictionary<string, string>(_settings.Environment, StringComparer.Ordinal);
            foreach (var (name, value) in run.Environment)
            {
                environment[name] = value;
            }

            environment[BuildEngine.SlotVariable] = state.Slot.ToString(System.Globalization.CultureInfo.InvariantCulture);

            TryDelete(spec.ProgressPath);
            _events.RunStarted(run, key, logPath);
            StageExit? exit;
            // Progress travels through its own file, never through the log text.
            await using (ProgressTail.Start(spec.ProgressPath, report => _events.StageProgress(run.RunId, report), problem => _events.Message(EngineMessageLevel.Warning, problem)))
            {
                exit = await StageProcess.RunAsync(
                    _command, specPath, environment, logPath, line => _events.StageOutput(run.RunId, line), cancellationToken).ConfigureAwait(false);
            }

            TryDelete(spec.ProgressPath);
            if (exit is null)
            {
                return Failed($"{run.RunId} cancelled; log: {logPath}");
            }

            if (exit.Code != 0)
            {
                var reason = exit.FirstError is { } why ? $"\n  {why}" : "";
                return Failed($"{run.RunId} failed: {ExitDescription.Describe(exit.Code)}; log: {logPath}{reason}");
            }

            var finishedAt = _clock.UtcNow;
            var manifest = _store.Commit(key, run.RunId, run.Kind, finishedAt, finishedAt - startedAt);
            TryDelete(specPath);
            TryDelete(Layout.WorkLockPath(key));
            if (_pusher is not null && _remote is { ReadOnly: false })
            {
                await _pusher.PushAsync(key, run.RunId, cancellationToken).ConfigureAwait(false);
            }

            return RunResults.Of(run, RunStatus.Ran) with
            {
                Key = key,
                Manifest = manifest,
                Started = startedAt,
                Duration = finishedAt - startedAt,
                LogPath = logPath,
            };
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // One run's failure (a program that will not start, a full disk at commit) must not abandon the
            // scheduler while other stage processes are still running: it becomes this run's result.
            return Failed($"{run.RunId} failed: {e.Message}; log: {logPath}");
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
    }
}

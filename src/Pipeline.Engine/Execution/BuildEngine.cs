using Pipeline.Foundation;

namespace Pipeline.Engine;

/// <summary>
/// The build engine: plans and builds a <see cref="BuildGraph"/> against the store under the artifacts folder.
/// A build holds the artifacts folder's build lock, executes every run that is not validly cached in its own
/// process (up to <see cref="BuildRequest.Jobs"/> at once, upstream first), commits outputs atomically, publishes
/// friendly paths and writes the lock file. A plan computes the same decisions without executing or changing anything.
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
        var closure = Validate(graph, request);
        var forced = request.ForcedTargets(closure);
        var statCache = StatCache.Load(Layout.StatCachePath, _settings.StatCacheRacyWindow);
        var hasher = new ContentHasher(statCache);
        var store = new ArtifactStore(Layout, hasher);
        var lockFile = PipelineLockFile.Load(Layout.LockFilePath, _events);
        var evaluator = new RunEvaluator(graph, _settings, store, lockFile);
        var remote = RemoteOf(store);

        var outputs = new Dictionary<string, UpstreamOutput?>(StringComparer.Ordinal);
        var plans = new Dictionary<string, RunPlan>(StringComparer.Ordinal);
        foreach (var run in graph.RunsInOrder(request.Targets))
        {
            var isForced = forced.Contains(run.Target);
            var evaluation = evaluator.Evaluate(run, UpstreamOf(run, outputs), isForced);
            var remoteManifest = (OutputManifest?)null;
            if (remote is not null && evaluation is { WillRun: true, Key: { } key, Error: null } && !isForced)
            {
                var lookup = RemotePlanLookup(remote, key);
                remoteManifest = lookup.Manifest;
                if (lookup.State == EntryState.Corrupt)
                {
                    evaluation = evaluation with { Reasons = [.. evaluation.Reasons, $"remote entry corrupt ({lookup.Problem})"] };
                }
            }

            var output = remoteManifest ?? evaluation.Check?.Manifest;
            var willRun = evaluation.WillRun && remoteManifest is null;
            outputs[run.RunId] = willRun
                ? null
                : new UpstreamOutput(run.Target, evaluation.Key!, output!.ContentHash, Layout.EntryDirectory(evaluation.Key!));
            plans[run.RunId] = new RunPlan(run.RunId, run.Target, willRun, willRun ? evaluation.Reasons : [], evaluation.Key)
            {
                FromRemote = remoteManifest is not null,
                Estimate = willRun ? DurationEstimate.Of(run.RunId, lockFile, Layout) : null,
            };
        }

        TrySave(statCache);
        var targets = closure.Select(t => BuildPlan.Aggregate(t, graph.RunsOf(t).Select(r => plans[r.RunId]).ToList())).ToList();
        return new BuildPlan(targets, hasher.FilesHashed);
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
        var closure = Validate(graph, request);
        var forced = request.ForcedTargets(closure);
        var command = _settings.StageCommand ?? throw new EngineException("No stage command is configured: the engine cannot start stage processes.");
        var started = _clock.UtcNow;

        using var buildLock = await BuildLock.AcquireAsync(Layout, _events, _settings.LockPollInterval, cancellationToken).ConfigureAwait(false);
        RemoveDiscardedLeftovers();
        var statCache = StatCache.Load(Layout.StatCachePath, _settings.StatCacheRacyWindow);
        var hasher = new ContentHasher(statCache);
        var store = new ArtifactStore(Layout, hasher);
        var lockFile = PipelineLockFile.Load(Layout.LockFilePath, _events);
        var evaluator = new RunEvaluator(graph, _settings, store, lockFile);
        var remote = RemoteOf(store);
        var remoteFailures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var pendingPushes = new List<Task>();
        var runs = graph.RunsInOrder(request.Targets);
        var states = runs.ToDictionary(r => r.RunId, r => new RunState(r), StringComparer.Ordinal);
        var running = new Dictionary<Task<RunResult>, RunState>();
        var runningKeys = new HashSet<string>(StringComparer.Ordinal);

        try
        {
            while (true)
            {
                bool progressed;
                do
                {
                    progressed = false;
                    foreach (var run in runs)
                    {
                        var state = states[run.RunId];
                        if (state.Result is not null || state.Running)
                        {
                            continue;
                        }

                        var upstream = run.Upstream.Select(u => states[u]).ToList();
                        if (upstream.FirstOrDefault(u => u.Result is { Status: RunStatus.Failed or RunStatus.Skipped }) is { } broken)
                        {
                            Finish(state, Result(run, RunStatus.Skipped, $"{run.RunId} skipped: {broken.Run.RunId} did not complete"));
                            progressed = true;
                            continue;
                        }

                        if (cancellationToken.IsCancellationRequested)
                        {
                            Finish(state, Result(run, RunStatus.Skipped, $"{run.RunId} skipped: the build was cancelled"));
                            progressed = true;
                            continue;
                        }

                        if (!upstream.All(u => u.Succeeded))
                        {
                            continue;
                        }

                        try
                        {
                            state.Evaluation ??= evaluator.Evaluate(run, UpstreamOf(run, states), forced.Contains(run.Target));
                        }
                        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                        {
                            Finish(state, Result(run, RunStatus.Failed, $"{run.RunId} failed: {e.Message}"));
                            progressed = true;
                            continue;
                        }

                        var evaluation = state.Evaluation;
                        if (evaluation.Error is not null)
                        {
                            Finish(state, Result(run, RunStatus.Failed, $"{evaluation.Error}"));
                            progressed = true;
                            continue;
                        }

                        if (!evaluation.WillRun)
                        {
                            Publish(run, evaluation.Key!);
                            Finish(state, Result(run, RunStatus.Cached) with { Key = evaluation.Key, Manifest = evaluation.Check!.Manifest });
                            if (remote is { ReadOnly: false } && remote.IsPending(evaluation.Key!))
                            {
                                // An earlier build committed this entry but did not finish pushing it.
                                pendingPushes.Add(PushAsync(remote, evaluation.Key!, run.RunId, remoteFailures, cancellationToken));
                            }

                            progressed = true;
                            continue;
                        }

                        if (runningKeys.Contains(evaluation.Key!))
                        {
                            // Another run with identical inputs is producing this very entry: wait for it and reuse it.
                            state.Evaluation = null;
                            continue;
                        }

                        if (running.Count >= request.Jobs)
                        {
                            continue;
                        }

                        if (evaluation.Check?.State == EntryState.Corrupt)
                        {
                            _events.Message(
                                EngineMessageLevel.Warning,
                                $"{run.RunId}: cache entry {evaluation.Key} is corrupt ({evaluation.Check.Problem}): removed, rebuilding");
                            try
                            {
                                store.Discard(evaluation.Key!);
                            }
                            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                            {
                                Finish(state, Result(run, RunStatus.Failed, $"{run.RunId} failed: cannot remove its corrupt cache entry: {e.Message}"));
                                progressed = true;
                                continue;
                            }
                        }

                        state.Running = true;
                        state.Slot = Enumerable.Range(0, request.Jobs).First(slot => !running.Values.Any(r => r.Slot == slot));
                        runningKeys.Add(evaluation.Key!);
                        // A forced run executes even when the remote has its entry, and its push replaces that entry.
                        var pull = remote is not null && !forced.Contains(run.Target);
                        running.Add(ExecuteAsync(state, states, store, command, remote, pull, remoteFailures, cancellationToken), state);
                        progressed = true;
                    }
                }
                while (progressed);

                if (running.Count == 0)
                {
                    break;
                }

                var done = await Task.WhenAny(running.Keys).ConfigureAwait(false);
                var finished = running[done];
                running.Remove(done);
                runningKeys.Remove(finished.Evaluation!.Key!);
                finished.Running = false;
                var result = await done.ConfigureAwait(false);
                if (result.Status == RunStatus.Ran || result.Pulled)
                {
                    Publish(finished.Run, result.Key!);
                }

                Finish(finished, result);
            }

            await Task.WhenAll(pendingPushes).ConfigureAwait(false);
        }
        finally
        {
            // Whatever happened, remember what completed and what was hashed: the next build starts from there.
            UpdateLockFile(lockFile, graph, states);
            TrySave(statCache);
        }

        var results = runs.Select(r => states[r.RunId].Result!).ToList();
        return new BuildResult
        {
            Targets = SummariseTargets(graph, closure, states),
            Runs = results,
            Duration = _clock.UtcNow - started,
            FilesHashed = hasher.FilesHashed,
            RemoteFailures = [.. remoteFailures],
        };
    }

    private async Task<RunResult> ExecuteAsync(
        RunState state,
        Dictionary<string, RunState> states,
        ArtifactStore store,
        StageCommand command,
        RemoteCache? remote,
        bool pull,
        System.Collections.Concurrent.ConcurrentQueue<string> remoteFailures,
        CancellationToken cancellationToken)
    {
        // Leave the scheduler loop at once: everything below runs beside other runs.
        await Task.Yield();
        var run = state.Run;
        var evaluation = state.Evaluation!;
        var key = evaluation.Key!;
        var logPath = Layout.LogPath(run.RunId);
        var startedAt = _clock.UtcNow;
        RunResult Failed(string message) =>
            Result(run, RunStatus.Failed, message) with { Key = key, Started = startedAt, Duration = _clock.UtcNow - startedAt, LogPath = logPath };

        try
        {
            if (remote is not null && pull)
            {
                EntryCheck pulled;
                try
                {
                    pulled = await remote.PullAsync(key, run.RunId, cancellationToken).ConfigureAwait(false);
                }
                catch (RemoteStoreException e)
                {
                    return Result(run, RunStatus.Failed, $"{run.RunId} failed: {e.Message}") with { Key = key };
                }

                if (pulled.State == EntryState.Valid)
                {
                    return Result(run, RunStatus.Cached) with { Key = key, Manifest = pulled.Manifest, Pulled = true };
                }

                if (pulled.State == EntryState.Corrupt)
                {
                    _events.Message(
                        EngineMessageLevel.Warning,
                        $"{run.RunId}: remote entry {key} on {remote.Store.Location} is corrupt ({pulled.Problem}): ignored, rebuilding"
                        + (remote.ReadOnly ? "" : "; the rebuilt entry replaces it"));
                }
            }

            var work = store.PrepareWorkDirectory(key);
            var spec = new StageSpec
            {
                RunId = run.RunId,
                Target = run.Target,
                Kind = run.Kind,
                Key = key,
                Parameters = (System.Text.Json.Nodes.JsonObject)run.Parameters.DeepClone(),
                Upstream = run.Upstream
                    .Select(u => new StageUpstream(u, states[u].Run.Target, states[u].Run.Kind, Layout.EntryDirectory(states[u].Result!.Key!)))
                    .ToList(),
                Inputs = evaluation.InputPaths,
                OutputDirectory = work,
                WorkLockPath = Layout.WorkLockPath(key),
                ProgressPath = Layout.ProgressPath(key),
                ArtifactsDirectory = Layout.Root,
                Threads = _settings.Threads,
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

            environment[SlotVariable] = state.Slot.ToString(System.Globalization.CultureInfo.InvariantCulture);

            TryDelete(spec.ProgressPath);
            _events.RunStarted(run, key, logPath);
            StageExit? exit;
            // Progress travels through its own file, never through the log text.
            await using (ProgressTail.Start(spec.ProgressPath, report => _events.StageProgress(run.RunId, report), problem => _events.Message(EngineMessageLevel.Warning, problem)))
            {
                exit = await StageProcess.RunAsync(
                    command, specPath, environment, logPath, line => _events.StageOutput(run.RunId, line), cancellationToken).ConfigureAwait(false);
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
            var manifest = store.Commit(key, run.RunId, run.Kind, finishedAt, finishedAt - startedAt);
            TryDelete(specPath);
            TryDelete(Layout.WorkLockPath(key));
            if (remote is { ReadOnly: false })
            {
                await PushAsync(remote, key, run.RunId, remoteFailures, cancellationToken).ConfigureAwait(false);
            }

            return Result(run, RunStatus.Ran) with
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

    /// <summary>The remote cache of this engine's settings over a store, or null without one.</summary>
    private RemoteCache? RemoteOf(ArtifactStore store) =>
        _settings.Remote is { } remote ? new RemoteCache(remote, _settings.RemoteReadOnly, store, _events) : null;

    /// <summary>A plan asks the remote for manifests only; a remote that cannot be asked makes the plan fail, saying why.</summary>
    private static EntryCheck RemotePlanLookup(RemoteCache remote, string key)
    {
        try
        {
            return remote.LookupAsync(key).GetAwaiter().GetResult();
        }
        catch (RemoteStoreException e)
        {
            throw new EngineException(e.Message, e);
        }
    }

    /// <summary>
    /// Pushes a committed entry. A failure does not undo the run (its entry is complete locally, and the next build with
    /// this remote pushes it again) but is reported and makes the build's exit code non-zero.
    /// </summary>
    private async Task PushAsync(RemoteCache remote, string key, string runId, System.Collections.Concurrent.ConcurrentQueue<string> failures, CancellationToken cancellationToken)
    {
        try
        {
            await remote.PushAsync(key, runId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RemoteStoreException or IOException or UnauthorizedAccessException or OperationCanceledException)
        {
            var message = $"{runId}: push to {remote.Store.Location} failed: {e.Message}; the entry is complete locally and the next build with this remote pushes it";
            _events.Message(EngineMessageLevel.Error, message);
            failures.Enqueue(message);
        }
    }

    private void Finish(RunState state, RunResult result)
    {
        state.Result = result;
        if (result.Status == RunStatus.Failed)
        {
            _events.Message(EngineMessageLevel.Error, result.Message ?? $"{result.RunId} failed");
        }

        _events.RunFinished(result);
    }

    private void Publish(StageRun run, string key)
    {
        foreach (var link in run.Publish)
        {
            try
            {
                Publisher.Publish(Layout, link, Layout.EntryDirectory(key));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or EngineException)
            {
                // Friendly paths are conveniences; the store entry is what counts.
                _events.Message(EngineMessageLevel.Warning, $"{run.RunId}: could not publish {link.Path}: {e.Message}");
            }
        }
    }

    private void UpdateLockFile(PipelineLockFile lockFile, BuildGraph graph, Dictionary<string, RunState> states)
    {
        var known = graph.Runs.Select(r => r.RunId).ToHashSet(StringComparer.Ordinal);
        foreach (var runId in lockFile.Runs.Keys.Where(id => !known.Contains(id)).ToList())
        {
            lockFile.Runs.Remove(runId);
        }

        foreach (var state in states.Values.Where(s => s.Succeeded))
        {
            var run = state.Run;
            var parameters = JsonFlattener.Flatten(run.Parameters);
            var sources = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var path in parameters.Keys)
            {
                if (JsonFlattener.ForPathOrParent(run.ParameterSources, path) is { } source)
                {
                    sources[path] = source;
                }
            }

            var upstream = new SortedDictionary<string, LockedUpstream>(StringComparer.Ordinal);
            foreach (var runId in run.Upstream)
            {
                var result = states[runId].Result!;
                upstream[runId] = new LockedUpstream { Target = result.Target, Key = result.Key!, Output = result.Manifest!.ContentHash };
            }

            lockFile.Runs[run.RunId] = new LockedRun
            {
                Target = run.Target,
                RunId = run.RunId,
                Kind = run.Kind,
                Key = state.Result!.Key!,
                Parameters = parameters,
                ParameterSources = sources,
                Inputs = state.Evaluation!.InputHashes,
                Upstream = upstream,
                Code = run.Code,
                Output = state.Result.Manifest!.ContentHash,
            };
        }

        try
        {
            lockFile.Save(Layout.LockFilePath);
        }
        catch (IOException e)
        {
            _events.Message(EngineMessageLevel.Warning, $"could not write {Layout.LockFilePath}: {e.Message}");
        }
    }

    private static Dictionary<string, UpstreamOutput?> UpstreamOf(StageRun run, Dictionary<string, UpstreamOutput?> outputs) =>
        run.Upstream.ToDictionary(u => u, u => outputs[u], StringComparer.Ordinal);

    private Dictionary<string, UpstreamOutput?> UpstreamOf(StageRun run, Dictionary<string, RunState> states) =>
        run.Upstream.ToDictionary(
            u => u,
            u => states[u].Result is { Key: { } key, Manifest: { } manifest } result
                ? new UpstreamOutput(result.Target, key, manifest.ContentHash, Layout.EntryDirectory(key))
                : null,
            StringComparer.Ordinal);

    private static List<string> Validate(BuildGraph graph, BuildRequest request)
    {
        if (request.Targets.Count == 0)
        {
            throw new EngineException("No target requested.");
        }

        if (request.Jobs < 1)
        {
            throw new EngineException($"Jobs must be at least 1 (got {request.Jobs}).");
        }

        foreach (var target in request.ForceTargets)
        {
            if (!graph.ContainsTarget(target))
            {
                throw new EngineException($"--force names unknown target '{target}'.");
            }
        }

        return graph.Closure(request.Targets).ToList();
    }

    private static RunResult Result(StageRun run, RunStatus status, string? message = null) =>
        new() { RunId = run.RunId, Target = run.Target, Status = status, Message = message };

    private static List<TargetResult> SummariseTargets(BuildGraph graph, List<string> closure, Dictionary<string, RunState> states)
    {
        var results = new Dictionary<string, TargetResult>(StringComparer.Ordinal);
        foreach (var target in closure)
        {
            var runs = graph.RunsOf(target).Select(r => states[r.RunId].Result!).ToList();
            var result = Summarise(target, runs);
            // A grouping target did nothing itself, but it is not complete when something it groups is not.
            if (runs.Count == 0 && graph.GetTarget(target).DependsOn.Any(d => results[d].Status is RunStatus.Failed or RunStatus.Skipped))
            {
                result = result with { Status = RunStatus.Skipped };
            }

            results[target] = result;
        }

        return closure.Select(t => results[t]).ToList();
    }

    private static TargetResult Summarise(string target, IReadOnlyList<RunResult> runs)
    {
        var status = runs.Any(r => r.Status == RunStatus.Failed) ? RunStatus.Failed
            : runs.Any(r => r.Status == RunStatus.Skipped) ? RunStatus.Skipped
            : runs.Any(r => r.Status == RunStatus.Ran) ? RunStatus.Ran
            : RunStatus.Cached;
        var executed = runs.Where(r => r.Started is not null).ToList();
        var duration = executed.Count == 0
            ? TimeSpan.Zero
            : executed.Max(r => r.Started!.Value + r.Duration) - executed.Min(r => r.Started!.Value);
        var headlines = runs.Where(r => r.Headline is not null).ToList();
        var headline = headlines.Count == 0 ? null
            : runs.Count == 1 ? headlines[0].Headline!.ToString()
            : string.Join("; ", headlines.Select(r => $"{r.RunId}: {r.Headline}"));
        return new TargetResult(target, status, duration, headline, runs);
    }

    private void RemoveDiscardedLeftovers()
    {
        if (!Directory.Exists(Layout.TmpDirectory))
        {
            return;
        }

        // Entries renamed aside for deletion, and pulls, by a build that died before deleting them.
        foreach (var leftover in Directory.EnumerateDirectories(Layout.TmpDirectory, "discard-*")
            .Concat(Directory.EnumerateDirectories(Layout.TmpDirectory, "pull-*")))
        {
            try
            {
                Directory.Delete(leftover, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private void TrySave(StatCache statCache)
    {
        try
        {
            statCache.Save();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _events.Message(EngineMessageLevel.Warning, $"could not save the stat cache: {e.Message}");
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

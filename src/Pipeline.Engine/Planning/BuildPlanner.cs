namespace Pipeline.Engine;

/// <summary>
/// Planning: checks a request against the graph and says, for every run of its closure, whether it is cached and
/// why it would run, without executing or changing anything in the store (only the stat cache is saved, so the
/// check stays fast). A run whose upstream will execute cannot know its key yet: <c>run (input may change: Upstream)</c>.
/// </summary>
internal sealed class BuildPlanner
{
    private readonly EngineSettings _settings;
    private readonly ArtifactLayout _layout;
    private readonly IEngineEvents _events;

    public BuildPlanner(EngineSettings settings, ArtifactLayout layout, IEngineEvents events)
    {
        _settings = settings;
        _layout = layout;
        _events = events;
    }

    /// <summary>
    /// The targets a request builds (its closure, dependencies first); throws <see cref="EngineException"/> for no
    /// target, fewer than one job, or a forced target the graph does not have.
    /// </summary>
    public static List<string> Validate(BuildGraph graph, BuildRequest request)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(request);
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

    public BuildPlan Plan(BuildGraph graph, BuildRequest request)
    {
        var closure = Validate(graph, request);
        var forced = request.ForcedTargets(closure);
        var session = new BuildSession(graph, _settings, _layout, _events);
        var outputs = new Dictionary<string, UpstreamOutput?>(StringComparer.Ordinal);
        var plans = new Dictionary<string, RunPlan>(StringComparer.Ordinal);
        foreach (var run in graph.RunsInOrder(request.Targets))
        {
            var isForced = forced.Contains(run.Target);
            var evaluation = session.Evaluator.Evaluate(run, run.Upstream.ToDictionary(u => u, u => outputs[u], StringComparer.Ordinal), isForced);
            var remoteManifest = (OutputManifest?)null;
            if (session.Remote is { } remote && evaluation is { WillRun: true, Key: { } key, Error: null } && !isForced)
            {
                var lookup = RemoteLookup(remote, key);
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
                : new UpstreamOutput(run.Target, evaluation.Key!, output!.ContentHash, _layout.EntryDirectory(evaluation.Key!));
            plans[run.RunId] = new RunPlan(run.RunId, run.Target, willRun, willRun ? evaluation.Reasons : [], evaluation.Key)
            {
                FromRemote = remoteManifest is not null,
                Estimate = willRun ? DurationEstimate.Of(run.RunId, session.LockFile, _layout) : null,
            };
        }

        session.SaveStatCache();
        var targets = closure.Select(t => BuildPlan.Aggregate(t, graph.RunsOf(t).Select(r => plans[r.RunId]).ToList())).ToList();
        return new BuildPlan(targets, session.Hasher.FilesHashed);
    }

    /// <summary>A plan asks the remote for manifests only; a remote that cannot be asked makes the plan fail, saying why.</summary>
    private static EntryCheck RemoteLookup(RemoteCache remote, string key)
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
}

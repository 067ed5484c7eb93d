using Pipeline.Foundation;

namespace Pipeline.Engine;

/// <summary>
/// The validated graph of targets and their stage runs. Construction checks names, dependencies and cycles so that
/// planning and building can assume a well-formed graph.
/// </summary>
public sealed class BuildGraph
{
    private readonly Dictionary<string, TargetDefinition> _targets;
    private readonly Dictionary<string, StageRun> _runs;
    private readonly Dictionary<string, List<StageRun>> _runsByTarget;

    /// <summary>Builds and validates the graph; throws <see cref="EngineException"/> naming the first problem.</summary>
    public BuildGraph(IEnumerable<TargetDefinition> targets, IEnumerable<StageRun> runs)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(runs);
        Targets = targets.ToList();
        Runs = runs.ToList();

        _targets = new Dictionary<string, TargetDefinition>(StringComparer.Ordinal);
        foreach (var target in Targets)
        {
            if (!_targets.TryAdd(target.Name, target))
            {
                throw new EngineException($"Target '{target.Name}' is defined twice.");
            }
        }

        foreach (var target in Targets)
        {
            foreach (var dependency in target.DependsOn)
            {
                if (!_targets.ContainsKey(dependency))
                {
                    throw new EngineException($"Target '{target.Name}' depends on unknown target '{dependency}'.");
                }
            }
        }

        CheckTargetCycles();

        _runs = new Dictionary<string, StageRun>(StringComparer.Ordinal);
        _runsByTarget = Targets.ToDictionary(t => t.Name, _ => new List<StageRun>(), StringComparer.Ordinal);
        foreach (var run in Runs)
        {
            if (!_targets.ContainsKey(run.Target))
            {
                throw new EngineException($"Stage run '{run.RunId}' belongs to unknown target '{run.Target}'.");
            }

            if (!_runs.TryAdd(run.RunId, run))
            {
                throw new EngineException($"Stage run id '{run.RunId}' is used twice.");
            }

            _runsByTarget[run.Target].Add(run);
        }

        foreach (var run in Runs)
        {
            var reachable = Closure([run.Target]).ToHashSet(StringComparer.Ordinal);
            foreach (var upstream in run.Upstream)
            {
                if (!_runs.TryGetValue(upstream, out var upstreamRun))
                {
                    throw new EngineException($"Stage run '{run.RunId}' reads unknown run '{upstream}'.");
                }

                // Scheduling and planning follow target dependencies, so a run may only read runs the user
                // would build anyway when asking for its target.
                if (!reachable.Contains(upstreamRun.Target))
                {
                    throw new EngineException(
                        $"Stage run '{run.RunId}' reads run '{upstream}' of target '{upstreamRun.Target}', " +
                        $"which target '{run.Target}' does not depend on.");
                }
            }
        }

        CheckRunCycles();
    }

    /// <summary>All targets in declaration order.</summary>
    public IReadOnlyList<TargetDefinition> Targets { get; }

    /// <summary>All stage runs in declaration order.</summary>
    public IReadOnlyList<StageRun> Runs { get; }

    /// <summary>Whether a target of that name exists.</summary>
    public bool ContainsTarget(string name) => _targets.ContainsKey(name);

    /// <summary>The target of that name.</summary>
    public TargetDefinition GetTarget(string name) =>
        _targets.TryGetValue(name, out var target) ? target : throw new EngineException($"Unknown target '{name}'.");

    /// <summary>The run of that id.</summary>
    public StageRun GetRun(string runId) =>
        _runs.TryGetValue(runId, out var run) ? run : throw new EngineException($"Unknown stage run '{runId}'.");

    /// <summary>The runs of a target, in declaration order (empty for a grouping target).</summary>
    public IReadOnlyList<StageRun> RunsOf(string target) =>
        _runsByTarget.TryGetValue(target, out var runs) ? runs : throw new EngineException($"Unknown target '{target}'.");

    /// <summary>
    /// The requested targets and everything they depend on, dependencies first. The order is deterministic:
    /// a depth-first walk in the order targets are requested and dependencies declared.
    /// </summary>
    public IReadOnlyList<string> Closure(IEnumerable<string> requested)
    {
        ArgumentNullException.ThrowIfNull(requested);
        var roots = requested.ToList();
        foreach (var name in roots.Where(name => !_targets.ContainsKey(name)))
        {
            throw new EngineException($"Unknown target '{name}'.");
        }

        return TopologicalSort.Order(roots, name => _targets[name].DependsOn, TargetCycle, StringComparer.Ordinal);
    }

    /// <summary>The runs of the requested closure in an order where every run comes after the runs it reads.</summary>
    public IReadOnlyList<StageRun> RunsInOrder(IEnumerable<string> requested) =>
        TopologicalSort.Order<StageRun>(Closure(requested).SelectMany(target => _runsByTarget[target]), run => run.Upstream.Select(id => _runs[id]), RunCycle, ReferenceEqualityComparer.Instance);

    private void CheckTargetCycles() => TopologicalSort.Order(Targets.Select(t => t.Name), name => _targets[name].DependsOn, TargetCycle, StringComparer.Ordinal);

    private void CheckRunCycles() => TopologicalSort.Order<StageRun>(Runs, run => run.Upstream.Select(id => _runs[id]), RunCycle, ReferenceEqualityComparer.Instance);

    private static EngineException TargetCycle(IReadOnlyList<string> cycle) => new($"Targets form a cycle: {string.Join(" -> ", cycle)}.");

    private static EngineException RunCycle(IReadOnlyList<StageRun> cycle) => new($"Stage runs form a cycle: {string.Join(" -> ", cycle.Select(r => r.RunId))}.");
}

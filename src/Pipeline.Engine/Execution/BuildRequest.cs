namespace Pipeline.Engine;

/// <summary>What the user asked for: targets, forcing, parallelism.</summary>
public sealed record BuildRequest
{
    /// <summary>Creates a request for <paramref name="targets"/> (their dependencies are included).</summary>
    public BuildRequest(params IReadOnlyList<string> targets)
    {
        Targets = targets ?? throw new ArgumentNullException(nameof(targets));
    }

    /// <summary>Requested targets.</summary>
    public IReadOnlyList<string> Targets { get; init; }

    /// <summary>Runs executing at the same time at most.</summary>
    public int Jobs { get; init; } = 1;

    /// <summary><c>--force</c> without targets: every requested target (not its dependencies) reruns.</summary>
    public bool ForceRequested { get; init; }

    /// <summary><c>--force A B</c>: these targets rerun even when cached.</summary>
    public IReadOnlyList<string> ForceTargets { get; init; } = [];

    /// <summary>The targets to force, validated against the closure of the request.</summary>
    internal HashSet<string> ForcedTargets(IReadOnlyCollection<string> closure)
    {
        var forced = new HashSet<string>(ForceTargets, StringComparer.Ordinal);
        foreach (var target in forced)
        {
            if (!closure.Contains(target))
            {
                throw new EngineException($"--force names '{target}', which is not part of the requested build ({string.Join(", ", Targets)}).");
            }
        }

        if (ForceRequested)
        {
            forced.UnionWith(Targets);
        }

        return forced;
    }
}

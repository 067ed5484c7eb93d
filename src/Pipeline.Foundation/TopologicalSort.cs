namespace Pipeline.Foundation;

/// <summary>
/// Orders nodes of a dependency graph so that every node comes after the nodes it depends on, checking for cycles on
/// the way. Deterministic: a depth-first walk in the order the roots are given and dependencies declared.
/// </summary>
public static class TopologicalSort
{
    /// <summary>
    /// <paramref name="roots"/> and everything they depend on, dependencies first. On a cycle, throws the exception
    /// <paramref name="cycleError"/> makes of the cycle's path (<c>a, b, a</c>: its first node repeated at the end).
    /// </summary>
    public static IReadOnlyList<T> Order<T>(
        IEnumerable<T> roots,
        Func<T, IEnumerable<T>> dependenciesOf,
        Func<IReadOnlyList<T>, Exception> cycleError,
        IEqualityComparer<T>? comparer = null)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(roots);
        ArgumentNullException.ThrowIfNull(dependenciesOf);
        ArgumentNullException.ThrowIfNull(cycleError);
        var order = new List<T>();
        var done = new HashSet<T>(comparer);
        var onPath = new HashSet<T>(comparer);
        var path = new List<T>();

        void Visit(T node)
        {
            if (done.Contains(node))
            {
                return;
            }

            if (!onPath.Add(node))
            {
                var equality = comparer ?? EqualityComparer<T>.Default;
                var start = path.FindIndex(n => equality.Equals(n, node));
                throw cycleError([.. path.Skip(start), node]);
            }

            path.Add(node);
            foreach (var dependency in dependenciesOf(node))
            {
                Visit(dependency);
            }

            path.RemoveAt(path.Count - 1);
            onPath.Remove(node);
            done.Add(node);
            order.Add(node);
        }

        foreach (var root in roots)
        {
            Visit(root);
        }

        return order;
    }
}

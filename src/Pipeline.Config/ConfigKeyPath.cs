namespace Pipeline.Config;

/// <summary>Relations between key paths written as <c>training.phases[1].optimizer.lr</c>.</summary>
public static class ConfigKeyPath
{
    /// <summary>Whether <paramref name="inner"/> lies strictly below <paramref name="outer"/> (<c>a.b[0]</c> below <c>a.b</c>, not below <c>a.bc</c>).</summary>
    public static bool IsInside(string inner, string outer)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(outer);
        return outer.Length == 0
            ? inner.Length > 0
            : inner.Length > outer.Length && inner.StartsWith(outer, StringComparison.Ordinal) && inner[outer.Length] is '.' or '[';
    }

    /// <summary>Whether the two paths are the same, or one lies below the other.</summary>
    public static bool Overlaps(string a, string b) => a == b || IsInside(a, b) || IsInside(b, a);
}

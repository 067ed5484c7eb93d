namespace Pipeline.Engine;

/// <summary>
/// The identity of the code a stage kind runs: the content hash of each assembly it loads (see
/// <see cref="AssemblyContentHash"/>) and the packages of the native libraries those load. <see cref="Text"/> is
/// what enters a run's key.
/// </summary>
public sealed record CodeFingerprint
{
    /// <summary>Content hash by assembly name, in ordinal order of the name.</summary>
    public required IReadOnlyDictionary<string, string> Assemblies { get; init; }

    /// <summary>Native library packages (<c>id/version</c>), sorted.</summary>
    public required IReadOnlyList<string> NativePackages { get; init; }

    /// <summary>The canonical text: <c>Name=hash;...;native:id/version;...</c>.</summary>
    public string Text => string.Join(";", Assemblies.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}={a.Value}")
        .Concat(NativePackages.Select(p => $"native:{p}")));

    /// <summary>
    /// The components of a fingerprint text that the other lacks or has with another value, by name (for explanations);
    /// empty when either is not a fingerprint text (a plain version string).
    /// </summary>
    public static IReadOnlyList<string> Changed(string before, string after)
    {
        static Dictionary<string, string> Parse(string text) => text.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(part => part.Split('=', 2))
            .GroupBy(part => part[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Length > 1 ? g.First()[1] : "", StringComparer.Ordinal);

        if (!before.Contains('=', StringComparison.Ordinal) || !after.Contains('=', StringComparison.Ordinal))
        {
            return [];
        }

        var old = Parse(before);
        var current = Parse(after);
        return old.Keys.Union(current.Keys).Order(StringComparer.Ordinal)
            .Where(name => !old.TryGetValue(name, out var a) || !current.TryGetValue(name, out var b) || a != b)
            .ToList();
    }
}

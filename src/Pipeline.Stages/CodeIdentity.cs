using Pipeline.Engine;

namespace Pipeline.Stages;

/// <summary>
/// The identity of the code behind a stage kind, derived rather than listed: the code reachable from the kind's
/// stage class in this assembly (see <see cref="CodeReach"/>), every app-local assembly that code refers to,
/// transitively, by content hash, and the native libraries they load by package and version (libtorch cpu or
/// cuda, SkiaSharp, ...). This assembly itself is in every kind's identity: the glue shared by the kinds reruns all
/// of them when it changes (conservative, never stale). Computed once per process.
/// </summary>
public static class CodeIdentity
{
    private static readonly Lazy<CodeFingerprinter> Current = new(CodeFingerprinter.ForCurrentApplication);
    private static readonly Dictionary<string, string> Cache = new(StringComparer.Ordinal);

    /// <summary>The assembly that holds the stage classes (the root of every kind's walk).</summary>
    public static string RootAssembly { get; } = typeof(CodeIdentity).Assembly.GetName().Name!;

    /// <summary>The identity text of a stage kind, as it enters run keys.</summary>
    public static string For(string kind)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(kind, out var text))
            {
                text = Fingerprint(kind, Current.Value).Text;
                Cache[kind] = text;
            }

            return text;
        }
    }

    /// <summary>The fingerprint of a kind computed by <paramref name="fingerprinter"/> (tests pass one over changed files).</summary>
    public static CodeFingerprint Fingerprint(string kind, CodeFingerprinter fingerprinter)
    {
        ArgumentNullException.ThrowIfNull(fingerprinter);
        return fingerprinter.Fingerprint(RootAssembly, [StageType(kind)]);
    }

    /// <summary>The assemblies a kind's code reaches (names), the stage assembly included.</summary>
    public static IReadOnlySet<string> Assemblies(string kind, CodeFingerprinter fingerprinter)
    {
        ArgumentNullException.ThrowIfNull(fingerprinter);
        return fingerprinter.AssembliesReached(RootAssembly, [StageType(kind)]);
    }

    /// <summary>Full name of the class that implements a kind, from the stage process's own registry.</summary>
    public static string StageType(string kind) =>
        StageProcessEntry.Registry().TryGet(kind, out var stage)
            ? stage.GetType().FullName!
            : throw new ArgumentException($"unknown stage kind '{kind}'", nameof(kind));
}

using System.Reflection;

namespace Pipeline.Tests.Engine.Support;

/// <summary>
/// Finds the built Pipeline.Engine.TestHost (the test project builds it through a ProjectReference that does not
/// reference its assembly) and the dotnet host to start it with.
/// </summary>
internal static class TestHostLocator
{
    private static readonly Lazy<string> HostDll = new(FindHostDll);

    public static string DotnetHost =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    public static string Dll => HostDll.Value;

    private static string FindHostDll()
    {
        const string name = "Pipeline.Engine.TestHost";
        var configuration = typeof(TestHostLocator).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var repo = new DirectoryInfo(AppContext.BaseDirectory);
        while (repo is not null && !Directory.Exists(Path.Combine(repo.FullName, "tests", name)))
        {
            repo = repo.Parent;
        }

        if (repo is null)
        {
            throw new InvalidOperationException($"Cannot find tests/{name} above {AppContext.BaseDirectory}.");
        }

        // Both the usual bin/ layout and the SDK's artifacts output layout.
        var candidates = new[]
            {
                Path.Combine(repo.FullName, "tests", name, "bin"),
                Path.Combine(repo.FullName, "artifacts", "bin", name),
            }
            .Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, name + ".dll", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}ref{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => new FileInfo(f))
            .OrderByDescending(f => f.FullName.Contains($"{Path.DirectorySeparatorChar}{configuration}{Path.DirectorySeparatorChar}", StringComparison.OrdinalIgnoreCase)
                || f.FullName.Contains($"{Path.DirectorySeparatorChar}{configuration.ToLowerInvariant()}", StringComparison.Ordinal))
            .ThenByDescending(f => f.LastWriteTimeUtc)
            .ToList();
        return candidates.Count > 0
            ? candidates[0].FullName
            : throw new InvalidOperationException($"{name}.dll is not built under {repo.FullName}; build the test project first.");
    }
}

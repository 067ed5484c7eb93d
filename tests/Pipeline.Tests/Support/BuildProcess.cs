using System.Diagnostics;

namespace Pipeline.Tests.Support;

/// <summary>
/// Runs the real build entry (<c>_build.dll</c>, built next to the tests by the project reference) as a separate
/// process, exactly as <c>./build.sh</c> does after its bootstrap.
/// </summary>
public static class BuildProcess
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The entry assembly of the same configuration as this test run.</summary>
    public static string EntryDll { get; } = FindEntry();

    public static BuildRun Run(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        using var process = Start(arguments, environment);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"_build {string.Join(' ', arguments)} did not finish in time; output so far:\n{output.Result}{error.Result}");
        }

        process.WaitForExit();
        return new BuildRun(process.ExitCode, output.Result, error.Result);
    }

    /// <summary>Starts the entry with redirected output; the caller owns the process (kill tests).</summary>
    public static Process Start(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot,
        };
        start.ArgumentList.Add(EntryDll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PIPELINE_REPO_ROOT"] = RepositoryRoot;
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Pipeline.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no Pipeline.sln above {AppContext.BaseDirectory}");
    }

    private static string FindEntry()
    {
        // tests/Pipeline.Tests/bin/<Configuration>/net10.0/linux-x64/ → build/bin/<Configuration>/net10.0/linux-x64/
        var output = new DirectoryInfo(AppContext.BaseDirectory);
        var framework = output.Name == "linux-x64" ? output.Parent! : output;
        var configuration = framework.Parent!.Name;
        var candidate = Path.Combine(RepositoryRoot, "build", "bin", configuration, "net10.0", "linux-x64", "_build.dll");
        return File.Exists(candidate)
            ? candidate
            : throw new FileNotFoundException($"the build entry was not built next to the tests: {candidate}");
    }
}

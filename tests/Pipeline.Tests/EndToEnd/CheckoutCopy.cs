using System.Diagnostics;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.EndToEnd;

/// <summary>
/// A second checkout of the same sources in another folder: every file git tracks or would track (committed or
/// not) copied to a temp folder, and the stage assemblies (<c>src/Pipeline.Stages</c> and what it references)
/// built there in this test run's configuration. Only managed code is built: the native libraries are the
/// packages', and the copy's stage processes are not run.
/// </summary>
public sealed class CheckoutCopy : IDisposable
{
    public CheckoutCopy()
    {
        Root = Path.Combine(Path.GetTempPath(), $"pipeline-checkout-{Guid.NewGuid():N}", "clone");
        var listing = Run("git", ["-C", BuildProcess.RepositoryRoot, "ls-files", "-z", "--cached", "--others", "--exclude-standard"], TimeSpan.FromMinutes(1));
        foreach (var relative in listing.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            var source = Path.Combine(BuildProcess.RepositoryRoot, relative);
            if (!File.Exists(source))
            {
                continue;
            }

            var target = Path.Combine(Root, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(source, target);
        }

        var configuration = Configuration();
        BuildOutput = Path.Combine(Root, "src", "Pipeline.Stages", "bin", configuration, "net10.0");
        BuildLog = Run("dotnet", ["build", Path.Combine(Root, "src", "Pipeline.Stages", "Pipeline.Stages.csproj"), "-c", configuration, "-nologo", "-v", "q"], TimeSpan.FromMinutes(20));
    }

    /// <summary>The copy's repository root.</summary>
    public string Root { get; }

    /// <summary>Where the copy's stage assemblies were built.</summary>
    public string BuildOutput { get; }

    public string BuildLog { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path.GetDirectoryName(Root)!, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>This test run's configuration, from its output folder (<c>bin/&lt;Configuration&gt;/net10.0/linux-x64/</c>).</summary>
    private static string Configuration()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory);
        var framework = output.Name == "linux-x64" ? output.Parent! : output;
        return framework.Parent!.Name;
    }

    private static string Run(string program, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish in {timeout}");
        }

        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed (exit {process.ExitCode}):\n{output.Result}{error.Result}");
        }

        return output.Result;
    }
}

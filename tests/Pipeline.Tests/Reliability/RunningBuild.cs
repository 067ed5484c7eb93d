using System.Diagnostics;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Reliability;

/// <summary>A <c>_build</c> process started in the background: wait for lines in a log, kill it, or wait for its end.</summary>
public sealed class RunningBuild : IDisposable
{
    /// <summary>How long any one wait of the suite may take before the test fails instead of hanging.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    private readonly Process _process;
    private readonly Task<string> _output;
    private readonly Task<string> _error;

    public RunningBuild(Process process)
    {
        _process = process;
        _output = process.StandardOutput.ReadToEndAsync();
        _error = process.StandardError.ReadToEndAsync();
    }

    /// <summary>The orchestrator's pid.</summary>
    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Waits until the file at <paramref name="logPath"/> contains <paramref name="text"/>; fails when the build ends first.</summary>
    public void WaitForLog(string logPath, string text)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            if (File.Exists(logPath) && ReadShared(logPath).Contains(text, StringComparison.Ordinal))
            {
                return;
            }

            ThrowIfExited($"'{text}' never appeared in {logPath}");
            Thread.Sleep(5);
        }

        throw new TimeoutException($"'{text}' never appeared in {logPath}");
    }

    public void ThrowIfExited(string what)
    {
        if (_process.HasExited)
        {
            var run = Finish();
            throw new InvalidOperationException($"{what}: the build ended first with exit code {run.ExitCode}:\n{run.All}");
        }
    }

    /// <summary><c>kill -9</c> of the orchestrator itself (not its stage processes).</summary>
    public BuildRun Kill()
    {
        _process.Kill(entireProcessTree: false);
        return Finish();
    }

    /// <summary>Waits for the build to end and returns what it printed.</summary>
    public BuildRun Finish()
    {
        if (!_process.WaitForExit(Patience))
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the build did not finish in time; output so far:\n{_output.Result}{_error.Result}");
        }

        _process.WaitForExit();
        return new BuildRun(_process.ExitCode, _output.Result, _error.Result);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

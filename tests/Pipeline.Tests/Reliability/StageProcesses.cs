using System.Diagnostics;
using System.Globalization;
using Pipeline.Engine;

namespace Pipeline.Tests.Reliability;

/// <summary>
/// Finds stage processes (<c>_build __stage &lt;artifacts&gt;/cache/tmp/&lt;key&gt;.spec.json</c>) from /proc, and
/// sends them signals, the way a user with <c>pgrep -f __stage</c> and <c>kill</c> would.
/// </summary>
public static class StageProcesses
{
    /// <summary>The pid of the live stage process of <paramref name="runId"/> working for <paramref name="artifacts"/>, if any.</summary>
    public static int? Find(string artifacts, string runId)
    {
        var tmp = new ArtifactLayout(artifacts).TmpDirectory + Path.DirectorySeparatorChar;
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            if (SpecPath(pid) is not { } specPath || !specPath.StartsWith(tmp, StringComparison.Ordinal))
            {
                continue;
            }

            try
            {
                if (StageSpec.Load(specPath).RunId == runId)
                {
                    return pid;
                }
            }
            catch (Exception e) when (e is IOException or System.Text.Json.JsonException or InvalidDataException)
            {
                // The spec is deleted when the run commits: the process is ending.
            }
        }

        return null;
    }

    /// <summary>The spec of stage process <paramref name="pid"/>, from the path on its command line.</summary>
    public static StageSpec SpecOf(int pid) =>
        StageSpec.Load(SpecPath(pid) ?? throw new InvalidOperationException($"process {pid} is not a stage process"));

    // The spec path after "__stage" on the command line of process pid; null for another or a vanished process.
    private static string? SpecPath(int pid)
    {
        string[] arguments;
        try
        {
            arguments = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        var stage = Array.IndexOf(arguments, "__stage");
        return stage < 0 || stage + 1 >= arguments.Length ? null : arguments[stage + 1];
    }

    /// <summary>Waits until the stage process of <paramref name="runId"/> runs; fails when <paramref name="build"/> ends first.</summary>
    public static int WaitFor(string artifacts, string runId, RunningBuild build, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? RunningBuild.Patience);
        while (DateTime.UtcNow < deadline)
        {
            if (Find(artifacts, runId) is { } pid)
            {
                return pid;
            }

            build.ThrowIfExited($"the stage process of {runId} never started");
            Thread.Sleep(10);
        }

        throw new TimeoutException($"the stage process of {runId} never started");
    }

    /// <summary>Polls every millisecond until process <paramref name="pid"/> has exited (gone, or a zombie waiting for its parent).</summary>
    public static void WaitUntilExited(int pid, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (IsRunning(pid))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"process {pid} is still running after {timeout}");
            }

            Thread.Sleep(1);
        }
    }

    private static bool IsRunning(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        // "pid (comm) S ...": the state follows the last ')' (comm may itself contain parentheses).
        var state = stat[(stat.LastIndexOf(')') + 2)..];
        return !state.StartsWith('Z') && !state.StartsWith('X');
    }

    /// <summary><c>kill -9 pid</c>.</summary>
    public static void Kill(int pid)
    {
        using var process = Process.GetProcessById(pid);
        process.Kill();
    }

    /// <summary>Sends a signal by name (<c>STOP</c>, <c>CONT</c>) with kill(1).</summary>
    public static void Signal(int pid, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + signal, pid.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {pid} failed with exit code {kill.ExitCode}");
        }
    }
}

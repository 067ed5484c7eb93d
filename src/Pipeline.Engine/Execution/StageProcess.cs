using System.Diagnostics;
using System.Text;

namespace Pipeline.Engine;

/// <summary>Starts one stage process, tees its output into the run's log, and waits for it (killing it on cancellation).</summary>
internal static class StageProcess
{
    /// <summary>Runs the stage; returns its exit code and the reason it gave for failing, or null when cancellation killed it.</summary>
    public static async Task<StageExit?> RunAsync(
        StageCommand command,
        string specPath,
        IEnumerable<KeyValuePair<string, string>> environment,
        string logPath,
        Action<string> onLine,
        CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(command.Program)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // The stage's input is a pipe this process holds open and never writes to: when this process dies, however
            // it dies, the kernel closes it and the stage sees end of file at once (OrchestratorWatch).
            RedirectStandardInput = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in command.ArgumentsPrefix)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.ArgumentList.Add(specPath);
        foreach (var (name, value) in environment)
        {
            startInfo.Environment[name] = value;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
        // Each attempt starts its own log; the one before survives as <name>.log.previous (a failed attempt's stack
        // trace is still there after the rerun that resumed it).
        if (File.Exists(logPath))
        {
            File.Move(logPath, logPath + ".previous", overwrite: true);
        }

        using var log = new StreamWriter(new FileStream(logPath, FileMode.Create, FileAccess.Write, FileShare.Read), new UTF8Encoding(false));
        var gate = new Lock();
        void Write(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (gate)
            {
                log.WriteLine(line);
                log.Flush();
            }

            onLine(line);
        }

        lock (gate)
        {
            log.WriteLine($"$ {command.Program} {string.Join(' ', startInfo.ArgumentList)}");
        }

        using var process = new Process { StartInfo = startInfo };
        string? reason = null;
        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) =>
        {
            // The stage host's first error line says why the stage failed; keep it for the build's message.
            if (e.Data is { Length: > 0 } line && reason is null)
            {
                reason = StageExit.Reason(line);
            }

            Write(e.Data);
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            Write("(cancelled: the build was stopped)");
            return null;
        }

        return new StageExit(process.ExitCode, reason);
    }
}

using System.Diagnostics;
using System.Text;

namespace Pipeline.Benchmarks.Infrastructure;

/// <summary>Runs a child process with its output going to a log file, and times it from start to exit.</summary>
public static class ChildProcess
{
    public sealed record Outcome(int ExitCode, TimeSpan Elapsed, string LogPath);

    /// <param name="whileRunning">Called once the process has started (with it), on the calling thread; returns when it chooses.</param>
    public static Outcome Run(string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, string workingDirectory,
        string logPath, Action<Process>? whileRunning = null, List<string>? capture = null)
    {
        var start = new ProcessStartInfo(program)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(logPath))!);
        using var log = new StreamWriter(logPath, append: true, new UTF8Encoding(false));
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
                capture?.Add(line);
            }
        }

        lock (gate)
        {
            log.WriteLine($"$ {program} {string.Join(' ', start.ArgumentList)}");
        }

        var clock = Stopwatch.StartNew();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        whileRunning?.Invoke(process);
        process.WaitForExit();
        var elapsed = clock.Elapsed;
        lock (gate)
        {
            log.WriteLine($"(exit code {process.ExitCode}, {elapsed.TotalSeconds:0.000} s)");
        }

        return new Outcome(process.ExitCode, elapsed, logPath);
    }
}

using System.Globalization;

namespace Pipeline.Engine;

/// <summary>Turns a stage process's exit code into words, naming the signal when it was killed.</summary>
public static class ExitDescription
{
    private static readonly Dictionary<int, string> SignalNames = new()
    {
        [1] = "SIGHUP",
        [2] = "SIGINT",
        [3] = "SIGQUIT",
        [4] = "SIGILL",
        [5] = "SIGTRAP",
        [6] = "SIGABRT",
        [7] = "SIGBUS",
        [8] = "SIGFPE",
        [9] = "SIGKILL",
        [11] = "SIGSEGV",
        [13] = "SIGPIPE",
        [14] = "SIGALRM",
        [15] = "SIGTERM",
    };

    /// <summary>
    /// <c>exit code 3</c>, or on Unix for codes 129-192 (how .NET reports a child killed by a signal, and how shells
    /// report it) <c>exit code 137, killed by signal 9 (SIGKILL)</c> with a hint for the usual causes.
    /// </summary>
    public static string Describe(int exitCode)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"exit code {exitCode}");
        if (OperatingSystem.IsWindows() || exitCode <= 128 || exitCode > 128 + 64)
        {
            return text;
        }

        var signal = exitCode - 128;
        var name = SignalNames.GetValueOrDefault(signal, "unknown signal");
        text += string.Create(CultureInfo.InvariantCulture, $", killed by signal {signal} ({name})");
        return signal switch
        {
            9 => text + "; killed from outside, often by the out-of-memory killer",
            8 => text + "; an arithmetic fault in native code",
            11 => text + "; a crash in native code",
            _ => text,
        };
    }
}

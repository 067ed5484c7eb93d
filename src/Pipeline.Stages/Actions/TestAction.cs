using System.Diagnostics;

namespace Pipeline.Stages.Actions;

/// <summary>
/// The Test target: runs a test project with <c>dotnet test</c> (its console output passes through), with
/// <c>--filter</c> when one is given, and writes a TRX results file. The tally and the list of failed tests are then
/// read from that file, not from the console text. The end of a long log says what failed, with each message and
/// the head of its stack trace.
/// </summary>
public static class TestAction
{
    /// <summary>The name of the results file in the results folder.</summary>
    public const string ResultsFile = "Pipeline.Tests.trx";

    private const int StackTraceLines = 8;

    /// <summary>Runs the repository's test project (tests/Pipeline.Tests), results under <paramref name="resultsDirectory"/>.</summary>
    public static int Run(string repositoryRoot, string resultsDirectory, string? filter, TextWriter output) =>
        Run(Path.Combine(repositoryRoot, "tests", "Pipeline.Tests", "Pipeline.Tests.csproj"), repositoryRoot, resultsDirectory, filter, output);

    /// <summary>Runs <paramref name="project"/>'s tests; 0 when every selected test passed, otherwise non-zero.</summary>
    public static int Run(string project, string workingDirectory, string resultsDirectory, string? filter, TextWriter output, IReadOnlyDictionary<string, string>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        var dotnet = Environment.GetEnvironmentVariable("PIPELINE_DOTNET") is { Length: > 0 } d ? d : "dotnet";
        Directory.CreateDirectory(resultsDirectory);
        var trx = Path.Combine(resultsDirectory, ResultsFile);
        // A results file left by an earlier run must never be read as this run's.
        File.Delete(trx);

        var start = new ProcessStartInfo(dotnet) { WorkingDirectory = workingDirectory, UseShellExecute = false };
        string[] arguments =
        [
            "test", project, "-nologo",
            "--logger", "console;verbosity=normal",
            "--logger", $"trx;LogFileName={ResultsFile}",
            "--results-directory", resultsDirectory,
            .. filter is null ? Array.Empty<string>() : ["--filter", filter],
        ];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        int exitCode;
        if (ReferenceEquals(output, Console.Out))
        {
            using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {dotnet}");
            process.WaitForExit();
            exitCode = process.ExitCode;
        }
        else
        {
            start.RedirectStandardOutput = true;
            start.RedirectStandardError = true;
            using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {dotnet}");
            var error = process.StandardError.ReadToEndAsync();
            string? line;
            while ((line = process.StandardOutput.ReadLine()) is not null)
            {
                output.WriteLine(line);
            }

            process.WaitForExit();
            output.Write(error.Result);
            exitCode = process.ExitCode;
        }

        return Report(trx, filter, exitCode, output);
    }

    private static int Report(string trx, string? filter, int exitCode, TextWriter output)
    {
        output.WriteLine();
        if (!File.Exists(trx))
        {
            output.WriteLine($"Test: dotnet test exited with {exitCode} and wrote no results file ({trx}); see the output above (a build error?)");
            return exitCode != 0 ? exitCode : 1;
        }

        var results = TrxResults.Read(trx);
        if (results.Failures.Count > 0)
        {
            output.WriteLine($"Test: {results.Failures.Count} failed test(s):");
            foreach (var failure in results.Failures)
            {
                output.WriteLine($"  {failure.Outcome} {failure.TestName}");
                foreach (var text in failure.Message.Split('\n').Concat(failure.StackTrace.Split('\n').Take(StackTraceLines)).Where(t => t.Length > 0))
                {
                    output.WriteLine($"    {text.TrimEnd()}");
                }
            }
        }

        output.WriteLine($"Test: {results.Passed} passed, {results.Failed} failed, {results.Skipped} skipped (results: {trx})");
        if (results.Total == 0)
        {
            output.WriteLine(filter is null ? "Test: no test ran" : $"Test: no test matched --filter '{filter}'");
            return 1;
        }

        return results.Failed > 0 ? 1 : exitCode;
    }
}

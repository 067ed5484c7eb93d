using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Pipeline.Stages.Actions;

/// <summary>
/// The Test target: runs the test project with <c>dotnet test</c>, then repeats every failed test with its message
/// and the head of its stack trace, and prints a one-line tally, so the end of a long log says what failed.
/// </summary>
public static partial class TestAction
{
    public static int Run(string repositoryRoot, TextWriter output)
    {
        var dotnet = Environment.GetEnvironmentVariable("PIPELINE_DOTNET") is { Length: > 0 } d ? d : "dotnet";
        var project = Path.Combine(repositoryRoot, "tests", "Pipeline.Tests", "Pipeline.Tests.csproj");
        var start = new ProcessStartInfo(dotnet)
        {
            WorkingDirectory = repositoryRoot,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "test", project, "-nologo", "--logger", "console;verbosity=normal" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {dotnet}");
        int passed = 0, failed = 0, skipped = 0;
        var failures = new List<List<string>>();
        List<string>? failure = null;
        string? line;
        while ((line = process.StandardOutput.ReadLine()) is not null)
        {
            output.WriteLine(line);
            // "  Failed Name [12 ms]" opens a failure block; its indented message and stack trace follow until the
            // next result line or runner line.
            if (ResultLine().IsMatch(line))
            {
                failure = line.StartsWith("  Failed ", StringComparison.Ordinal) ? [line] : null;
                if (failure is not null)
                    failures.Add(failure);
            }
            else if (failure is not null)
            {
                if (line.StartsWith("[xUnit.net", StringComparison.Ordinal) || line.StartsWith("Test Run ", StringComparison.Ordinal))
                    failure = null;
                else if (failure.Count <= MaxFailureLines)
                    failure.Add(line);
            }

            // vstest's closing block at normal verbosity: "     Passed: 390", "     Failed: 2", "    Skipped: 1".
            var count = Count().Match(line);
            if (count.Success)
            {
                var n = int.Parse(count.Groups["n"].Value);
                switch (count.Groups["kind"].Value)
                {
                    case "Passed": passed += n; break;
                    case "Failed": failed += n; break;
                    default: skipped += n; break;
                }
            }
        }

        process.WaitForExit();
        if (failures.Count > 0)
        {
            output.WriteLine();
            output.WriteLine($"Test: {failures.Count} failed test(s):");
            foreach (var block in failures)
            {
                foreach (var text in block)
                    output.WriteLine(text);
            }
        }

        output.WriteLine($"Test: {passed} passed, {failed} failed, {skipped} skipped");
        return process.ExitCode != 0 ? process.ExitCode : failed > 0 ? 1 : 0;
    }

    private const int MaxFailureLines = 40;

    [GeneratedRegex(@"^  (Passed|Failed|Skipped) \S")]
    private static partial Regex ResultLine();

    [GeneratedRegex(@"^\s+(?<kind>Passed|Failed|Skipped):\s+(?<n>\d+)\s*$")]
    private static partial Regex Count();
}

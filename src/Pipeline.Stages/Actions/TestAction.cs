using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Pipeline.Stages.Actions;

/// <summary>The Test target: runs the test project with <c>dotnet test</c> and prints a one-line tally.</summary>
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
        string? line;
        while ((line = process.StandardOutput.ReadLine()) is not null)
        {
            output.WriteLine(line);
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
        output.WriteLine($"Test: {passed} passed, {failed} failed, {skipped} skipped");
        return process.ExitCode != 0 ? process.ExitCode : failed > 0 ? 1 : 0;
    }

    [GeneratedRegex(@"^\s+(?<kind>Passed|Failed|Skipped):\s+(?<n>\d+)\s*$")]
    private static partial Regex Count();
}

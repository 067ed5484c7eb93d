using Pipeline.Cli.Display;
using Pipeline.Engine;
using Spectre.Console;
using Xunit;

namespace Pipeline.Tests.Cli;

/// <summary>The end-of-build summary the command line renders from the engine's typed result.</summary>
public sealed class SummaryRendererTests
{
    [Fact]
    public void The_summary_renders_as_a_deterministic_table()
    {
        RunResult Run(string id, RunStatus status, double seconds, HeadlineMetric? headline = null, string? message = null) => new()
        {
            RunId = id,
            Target = id.Split('/')[0],
            Status = status,
            Duration = TimeSpan.FromSeconds(seconds),
            Message = message,
            Manifest = headline is null ? null : new OutputManifest { Key = "k", RunId = id, Kind = "x", ContentHash = "h", Files = [], Headline = headline },
        };
        var runs = new[]
        {
            Run("Preprocess", RunStatus.Cached, 0),
            Run("TrainResnet", RunStatus.Ran, 83.9, new HeadlineMetric("val_accuracy", 0.831249)),
            Run("Tta", RunStatus.Failed, 2, message: "Tta failed: exit code 137, killed by signal 9 (SIGKILL); log: artifacts/logs/Tta.log"),
            Run("Ensemble", RunStatus.Skipped, 0),
        };
        var result = new BuildResult
        {
            Targets = runs.Select(r => new TargetResult(r.Target, r.Status, r.Duration, r.Headline?.ToString(), [r])).ToList(),
            Runs = runs,
            Duration = TimeSpan.FromSeconds(3725),
        };

        Assert.Equal(
            """
            ══════════════════════════════════════════════════════
            Target        Status    Duration   Headline
            ──────────────────────────────────────────────────────
            Preprocess    cached    -
            TrainResnet   ran       1:23       val_accuracy 0.8312
            Tta           failed    0:02
            Ensemble      skipped   -
            ──────────────────────────────────────────────────────
            Total                   1:02:05
            ══════════════════════════════════════════════════════
            Tta failed: exit code 137, killed by signal 9 (SIGKILL); log: artifacts/logs/Tta.log

            """.ReplaceLineEndings("\n"),
            SummaryRenderer.RenderPlain(result));
        Assert.False(result.Succeeded);
        Assert.Equal(1, result.ExitCode);

        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        SummaryRenderer.Render(console, result);
        var table = writer.ToString();
        Assert.Matches(@"TrainResnet\s+│?\s*ran\s+│?\s*1:23\s+│?\s*val_accuracy 0\.8312", table);
        Assert.Contains("1:02:05", table, StringComparison.Ordinal);
        Assert.Contains("killed by signal 9 (SIGKILL)", table, StringComparison.Ordinal);
    }
}

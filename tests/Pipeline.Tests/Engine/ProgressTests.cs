using System.Text;
using System.Text.Json.Nodes;
using Pipeline.Cli.Display;
using Pipeline.Engine;
using Pipeline.Tests.Engine.Support;
using Spectre.Console;
using Xunit;

namespace Pipeline.Tests.Engine;

/// <summary>The structured progress channel: stage → progress file → orchestrator → plain lines or a live display.</summary>
public sealed class ProgressTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);
    private readonly EngineSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    /// <summary>
    /// The stage reports its epochs, then waits until a file appears; the test's console writer creates that file
    /// when it receives the progress line. So the build can only succeed if the line reached the console while the
    /// stage was still running.
    /// </summary>
    [Fact]
    public void Progress_reaches_the_console_while_the_stage_still_runs()
    {
        var release = Path.Combine(_sandbox.Markers, "release");
        var console = new SignallingWriter("Slow: epoch 3/3 [warm] step 4/4 done", () => File.WriteAllText(release, ""));
        var graph = new BuildGraph(
            [new TargetDefinition("Slow")],
            [new StageRun("Slow", "Slow", "progress") { Parameters = new JsonObject { ["epochs"] = 3, ["release_file"] = release, ["timeout_ms"] = 30000 } }]);
        using var events = new TextWriterEngineEvents(console);

        var result = _sandbox.Build(graph, new BuildRequest("Slow"), events);

        Assert.True(result.Succeeded, string.Join("\n", result.Failures) + "\n" + console);
        var lines = console.ToString().Split('\n');
        // Each epoch end is a line of its own, in order, before the run's end.
        var epochLines = lines.Where(l => l.StartsWith("Slow: epoch ", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, epochLines.Count);
        Assert.Contains("epoch 1/3", epochLines[0]);
        Assert.Contains("100.0 img/s", epochLines[0]);
        Assert.True(Array.FindIndex(lines, l => l.Contains("epoch 3/3", StringComparison.Ordinal)) < Array.FindIndex(lines, l => l.StartsWith("Slow: ran", StringComparison.Ordinal)));
        // The channel is a file beside the work folder, gone once the run is committed.
        Assert.Empty(Directory.EnumerateFiles(new ArtifactLayout(_sandbox.Artifacts).TmpDirectory, "*.progress.jsonl"));
    }

    [Fact]
    public void Plain_display_prints_every_epoch_end_and_otherwise_at_most_once_per_interval()
    {
        var clock = new ManualClock(T0);
        var writer = new StringWriter();
        using var events = new TextWriterEngineEvents(writer, progressInterval: TimeSpan.FromSeconds(30), clock: clock, heartbeatPeriod: Timeout.InfiniteTimeSpan);
        events.RunStarted(new StageRun("Train", "Train", "train"), new string('a', 32), "train.log");

        Report(events, clock, 1, step: 1);
        Report(events, clock, 10, step: 4, epochEnd: true);
        Report(events, clock, 20, step: 2);
        // Silent for 35 s since the epoch end's line: the heartbeat prints the latest state.
        clock.Now = T0.AddSeconds(45);
        events.PrintDue();
        Report(events, clock, 50, step: 3);
        Report(events, clock, 80, step: 4);

        var progress = ProgressLines(writer);
        Assert.Equal(3, progress.Count);
        Assert.StartsWith("Train: epoch 1/2 [all] step 4/4 done", progress[0]);
        Assert.StartsWith("Train: epoch 2/2 [all] step 2/4", progress[1]);
        Assert.StartsWith("Train: epoch 2/2 [all] step 4/4", progress[2]);
    }

    [Fact]
    public void Eta_is_the_remaining_fraction_at_the_rate_seen_since_the_first_report()
    {
        var run = new RunProgress("Train", T0);
        run.Update(new StageProgressReport { Time = T0.AddSeconds(5), Fraction = 0.25, Epoch = 2, Epochs = 4 });
        Assert.Null(run.Eta(T0.AddSeconds(5)));

        run.Update(new StageProgressReport { Time = T0.AddSeconds(15), Fraction = 0.5, Epoch = 3, Epochs = 4, ImagesPerSecond = 84.06 });

        // 0.25 of the work in 10 s: the remaining 0.5 takes 20 s, of which 4 s have passed since the report.
        Assert.Equal(TimeSpan.FromSeconds(16), run.Eta(T0.AddSeconds(19)));
        Assert.Equal("Train: epoch 3/4, 84.1 img/s, ETA 0:16 (running 0:19)", run.Describe(T0.AddSeconds(19)));
    }

    [Fact]
    public async Task Tail_delivers_whole_lines_and_reports_a_bad_line_with_its_number()
    {
        var path = Path.Combine(_sandbox.Root, "run.progress.jsonl");
        var reports = new List<StageProgressReport>();
        var problems = new List<string>();
        await using (var tail = ProgressTail.Start(path, r => { lock (reports) { reports.Add(r); } }, p => { lock (problems) { problems.Add(p); } }, TimeSpan.FromMilliseconds(20)))
        {
            using var writer = StageProgressWriter.Open(path);
            writer.Report(new StageProgressReport { Time = T0, Epoch = 1, Epochs = 2 });
            await File.AppendAllTextAsync(path, "{\"time\": 12}\n");
            // Half a line: nothing yet, the stage is still writing it.
            await File.AppendAllTextAsync(path, "{\"time\":\"2026-12-04T12:00:01Z\",\"ep");
            await WaitUntil(() => { lock (reports) { return reports.Count == 1; } });
            await File.AppendAllTextAsync(path, "och\":2}\n");
            await WaitUntil(() => { lock (reports) { return reports.Count == 2; } });
        }

        Assert.Equal([1, 2], reports.Select(r => r.Epoch!.Value));
        Assert.Equal($"{path}:2: progress line not understood: a field has the wrong type", Assert.Single(problems).Split(" (")[0]);
    }

    [Fact]
    public async Task Live_display_shows_one_line_per_running_run()
    {
        var text = new StringWriter();
        var output = TextWriter.Synchronized(text);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            Interactive = InteractionSupport.Yes,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(output),
        });
        var clock = new ManualClock(T0);
        using (var live = new LiveConsoleEngineEvents(console, clock, TimeSpan.FromMilliseconds(20)))
        {
            live.RunStarted(new StageRun("Tta", "Tta/resnet", "tta"), new string('a', 32), "a.log");
            live.RunStarted(new StageRun("Tta", "Tta/inception", "tta"), new string('b', 32), "b.log");
            live.StageProgress("Tta/resnet", new StageProgressReport { Time = T0, Phase = "all", Epoch = 1, Epochs = 3, Step = 2, Steps = 9 });
            await WaitUntil(() => Lines(output, text).Any(l => l.Contains("Tta/resnet: epoch 1/3 [all] step 2/9", StringComparison.Ordinal))
                && Lines(output, text).Any(l => l.Contains("Tta/inception: running", StringComparison.Ordinal)));
        }

        Assert.Contains(Lines(output, text), l => l.StartsWith("Tta/resnet: started", StringComparison.Ordinal));
    }

    /// <summary>Reads a synchronised writer under its own lock, so the live thread is not writing meanwhile.</summary>
    private static IReadOnlyList<string> Lines(TextWriter output, StringWriter text)
    {
        lock (output)
        {
            return text.ToString().Split('\n');
        }
    }

    private static void Report(TextWriterEngineEvents events, ManualClock clock, int second, int step, bool epochEnd = false)
    {
        clock.Now = T0.AddSeconds(second);
        var epoch = second <= 10 ? 1 : 2;
        events.StageProgress("Train", new StageProgressReport
        {
            Time = clock.Now,
            Phase = "all",
            Epoch = epoch,
            Epochs = 2,
            Step = step,
            Steps = 4,
            Fraction = (epoch - 1 + step / 4.0) / 2,
            EpochEnd = epochEnd,
        });
    }

    private static List<string> ProgressLines(StringWriter writer) =>
        writer.ToString().Split('\n').Where(l => l.StartsWith("Train: epoch", StringComparison.Ordinal)).ToList();

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(20);
        }
    }

    private sealed class ManualClock(DateTimeOffset now) : IClock
    {
        public DateTimeOffset Now { get; set; } = now;

        public DateTimeOffset UtcNow => Now;
    }

    /// <summary>A console stand-in that runs an action when a line containing <c>trigger</c> is written.</summary>
    private sealed class SignallingWriter(string trigger, Action onTrigger) : StringWriter
    {
        private readonly StringBuilder _line = new();

        public override void Write(char value)
        {
            base.Write(value);
            if (value != '\n')
            {
                _line.Append(value);
                return;
            }

            if (_line.ToString().Contains(trigger, StringComparison.Ordinal))
            {
                onTrigger();
            }

            _line.Clear();
        }

        public override void Write(string? value)
        {
            foreach (var c in value ?? "")
            {
                Write(c);
            }
        }

        public override void WriteLine(string? value)
        {
            Write(value);
            Write('\n');
        }
    }
}

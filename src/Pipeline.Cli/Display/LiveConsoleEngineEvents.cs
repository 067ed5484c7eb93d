using Pipeline.Engine;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Pipeline.Cli.Display;

/// <summary>
/// The display for a terminal: a live Spectre.Console region with one line per running stage run (several with
/// <c>--jobs</c>): stage, phase, epoch and step, images per second, ETA. Messages, starts and finishes print above
/// it as ordinary lines. Dispose it before printing anything else (the summary).
/// </summary>
public sealed class LiveConsoleEngineEvents : IEngineEvents, IDisposable
{
    private readonly IAnsiConsole _console;
    private readonly IClock _clock;
    private readonly TimeSpan _refresh;
    private readonly ProgressBoard _board = new();
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private Thread? _thread;
    private bool _disposed;

    /// <summary>Creates the display on <paramref name="console"/>; the region redraws every <paramref name="refresh"/> (default 0.5 s).</summary>
    public LiveConsoleEngineEvents(IAnsiConsole console, IClock? clock = null, TimeSpan? refresh = null)
    {
        _console = console ?? throw new ArgumentNullException(nameof(console));
        _clock = clock ?? SystemClock.Instance;
        _refresh = refresh ?? TimeSpan.FromMilliseconds(500);
    }

    /// <inheritdoc />
    public void Message(EngineMessageLevel level, string text) => Write(level switch
    {
        EngineMessageLevel.Warning => $"[yellow]warning:[/] {Markup.Escape(text)}",
        EngineMessageLevel.Error => $"[red]error:[/] {Markup.Escape(text)}",
        _ => Markup.Escape(text),
    });

    /// <inheritdoc />
    public void RunStarted(StageRun run, string key, string logPath)
    {
        _board.Started(run.RunId, _clock.UtcNow);
        Write($"{Markup.Escape(run.RunId)}: started [grey](log {Markup.Escape(logPath)})[/]");
        lock (_gate)
        {
            if (_thread is null && !_disposed)
            {
                _thread = new Thread(Show) { IsBackground = true, Name = "live progress" };
                _thread.Start();
            }
        }
    }

    /// <inheritdoc />
    public void RunFinished(RunResult result)
    {
        _board.Finished(result.RunId);
        if (result.Status == RunStatus.Cached)
        {
            return;
        }

        var color = result.Status == RunStatus.Ran ? "green" : "red";
        Write(result.Message is null
            ? $"{Markup.Escape(result.RunId)}: [{color}]{result.Status.ToDisplayString()}[/] in {DurationText.Format(result.Duration)}"
            : $"{Markup.Escape(result.RunId)}: [{color}]{result.Status.ToDisplayString()}[/]: {Markup.Escape(result.Message)}");
    }

    /// <inheritdoc />
    public void StageOutput(string runId, string line)
    {
    }

    /// <inheritdoc />
    public void StageProgress(string runId, StageProgressReport report) => _board.Report(runId, report, _clock.UtcNow, TimeSpan.MaxValue);

    /// <summary>Removes the live region and stops redrawing it.</summary>
    public void Dispose()
    {
        Thread? thread;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            thread = _thread;
        }

        _stop.Cancel();
        thread?.Join();
        _stop.Dispose();
    }

    private void Show()
    {
        _console.Live(Render())
            .AutoClear(true)
            .Overflow(VerticalOverflow.Ellipsis)
            .Start(context =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    lock (_gate)
                    {
                        context.UpdateTarget(Render());
                        context.Refresh();
                    }

                    _stop.Token.WaitHandle.WaitOne(_refresh);
                }
            });
    }

    private IRenderable Render()
    {
        var lines = _board.Lines(_clock.UtcNow);
        // One screen line per run: a wrapped line would break the region's redraw arithmetic for the reader.
        var width = Math.Max(20, _console.Profile.Width - 3);
        return lines.Count == 0
            ? new Text("")
            : new Rows(lines.Select(line => new Markup($"[blue]⏵[/] {Markup.Escape(line.Length > width ? line[..(width - 1)] + "…" : line)}")));
    }

    private void Write(string markup)
    {
        lock (_gate)
        {
            _console.MarkupLine(markup);
        }
    }
}

using System.Globalization;
using System.Text;

namespace Pipeline.Engine;

/// <summary>
/// What the orchestrator knows of one running run: when it started and its latest progress report. The ETA is the
/// remaining fraction of work at the rate observed since this attempt's first report (so a resumed run's earlier
/// epochs do not count as instant).
/// </summary>
public sealed class RunProgress
{
    private (DateTimeOffset Time, double Fraction)? _first;

    /// <summary>Starts tracking a run.</summary>
    public RunProgress(string runId, DateTimeOffset started)
    {
        RunId = runId;
        Started = started;
        LastPrinted = started;
    }

    /// <summary>When a plain progress line of this run was last printed (set by the plain display).</summary>
    public DateTimeOffset LastPrinted { get; set; }

    /// <summary>The run id.</summary>
    public string RunId { get; }

    /// <summary>When its stage process started (orchestrator clock).</summary>
    public DateTimeOffset Started { get; }

    /// <summary>The latest report, if the stage sent any.</summary>
    public StageProgressReport? Latest { get; private set; }

    /// <summary>Takes a new report.</summary>
    public void Update(StageProgressReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        Latest = report;
        if (_first is null && report.Fraction is { } fraction)
        {
            _first = (report.Time, fraction);
        }
    }

    /// <summary>Estimated time left, when two reports with a growing fraction were seen.</summary>
    public TimeSpan? Eta(DateTimeOffset now)
    {
        if (_first is not { } first || Latest is not { Fraction: { } fraction } latest || fraction <= first.Fraction)
        {
            return null;
        }

        var seconds = (latest.Time - first.Time).TotalSeconds;
        if (seconds <= 0)
        {
            return null;
        }

        var remaining = (1 - fraction) / ((fraction - first.Fraction) / seconds) - Math.Max(0, (now - latest.Time).TotalSeconds);
        return TimeSpan.FromSeconds(Math.Max(0, remaining));
    }

    /// <summary>
    /// One line for people, e.g. <c>TrainResnet: epoch 2/3 [all] step 12/40, 84.1 img/s, ETA 1:20 (running 0:45)</c>.
    /// </summary>
    public string Describe(DateTimeOffset now)
    {
        var text = new StringBuilder(RunId).Append(':');
        if (Latest is { } r)
        {
            if (r.Epoch is { } epoch)
            {
                text.Append(CultureInfo.InvariantCulture, $" epoch {epoch}{(r.Epochs is { } epochs ? $"/{epochs}" : "")}");
            }

            if (r.Phase is { } phase)
            {
                text.Append(r.Epoch is null ? $" {phase}" : $" [{phase}]");
            }

            if (r.Step is { } step)
            {
                text.Append(CultureInfo.InvariantCulture, $" step {step}{(r.Steps is { } steps ? $"/{steps}" : "")}");
            }

            if (r.EpochEnd)
            {
                text.Append(" done");
            }

            if (r.ImagesPerSecond is { } rate)
            {
                text.Append(CultureInfo.InvariantCulture, $", {rate:0.0} img/s");
            }

            if (r.Detail is { } detail)
            {
                text.Append(", ").Append(detail);
            }

            text.Append(", ETA ").Append(Eta(now) is { } eta ? DurationText.Format(eta) : "unknown");
        }
        else
        {
            text.Append(" running");
        }

        return text.Append(" (running ").Append(DurationText.Format(now - Started)).Append(')').ToString();
    }
}

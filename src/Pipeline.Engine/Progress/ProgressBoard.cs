namespace Pipeline.Engine;

/// <summary>The runs executing now and their progress, for the console displays; thread-safe.</summary>
public sealed class ProgressBoard
{
    private readonly Lock _gate = new();
    private readonly List<RunProgress> _running = [];

    /// <summary>How many runs are running.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _running.Count;
            }
        }
    }

    /// <summary>A run's stage process started.</summary>
    public void Started(string runId, DateTimeOffset now)
    {
        lock (_gate)
        {
            _running.RemoveAll(r => r.RunId == runId);
            _running.Add(new RunProgress(runId, now));
        }
    }

    /// <summary>
    /// A report arrived. Returns the run's line when a plain display should print it: at the end of an epoch, or when
    /// its last line is at least <paramref name="interval"/> old; otherwise null.
    /// </summary>
    public string? Report(string runId, StageProgressReport report, DateTimeOffset now, TimeSpan interval)
    {
        lock (_gate)
        {
            var run = _running.FirstOrDefault(r => r.RunId == runId);
            if (run is null)
            {
                return null;
            }

            run.Update(report);
            if (!report.EpochEnd && now - run.LastPrinted < interval)
            {
                return null;
            }

            run.LastPrinted = now;
            return run.Describe(now);
        }
    }

    /// <summary>A run finished.</summary>
    public void Finished(string runId)
    {
        lock (_gate)
        {
            _running.RemoveAll(r => r.RunId == runId);
        }
    }

    /// <summary>One line per running run, in start order.</summary>
    public IReadOnlyList<string> Lines(DateTimeOffset now)
    {
        lock (_gate)
        {
            return _running.Select(r => r.Describe(now)).ToList();
        }
    }

    /// <summary>Lines of the running runs that printed nothing for <paramref name="interval"/>; they count as printed now.</summary>
    public IReadOnlyList<string> Due(DateTimeOffset now, TimeSpan interval)
    {
        lock (_gate)
        {
            var due = _running.Where(r => now - r.LastPrinted >= interval).ToList();
            foreach (var run in due)
            {
                run.LastPrinted = now;
            }

            return due.Select(r => r.Describe(now)).ToList();
        }
    }
}

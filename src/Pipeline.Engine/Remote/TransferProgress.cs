using System.Diagnostics;
using System.Globalization;

namespace Pipeline.Engine;

/// <summary>
/// Progress of one run's push or pull over all its files: a line when it starts, one every
/// <see cref="Interval"/> while it lasts, and one with the size, time and rate when it ends. Thread-safe (parts of a
/// multipart upload report from several threads).
/// </summary>
internal sealed class TransferProgress
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);
    private readonly IEngineEvents _events;
    private readonly string _runId;
    private readonly string _verb;
    private readonly long _total;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _gate = new();
    private long _done;
    private TimeSpan _lastShown;

    public TransferProgress(IEngineEvents events, string runId, string verb, long totalBytes)
    {
        _events = events;
        _runId = runId;
        _verb = verb;
        _total = totalBytes;
    }

    /// <summary>Bytes finished in earlier files plus the current file's progress.</summary>
    public long Done => Interlocked.Read(ref _done);

    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>A reporter for one file: it reports that file's bytes so far, added to the files before it.</summary>
    public IProgress<long> ForFile(long alreadyDone) => new FileProgress(this, alreadyDone);

    /// <summary>Marks the bytes of a file as done without transferring them (already on the remote).</summary>
    public void Skip(long bytes) => Interlocked.Add(ref _done, bytes);

    /// <summary>Bytes per second so far, as "12.3 MB/s".</summary>
    public string Rate()
    {
        var seconds = Math.Max(_clock.Elapsed.TotalSeconds, 1e-3);
        return string.Create(CultureInfo.InvariantCulture, $"{Done / 1e6 / seconds:0.0} MB/s");
    }

    /// <summary>"312.4 MB", or "41.2 kB" below a megabyte.</summary>
    public static string Megabytes(long bytes) => bytes < 1_000_000
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e3:0.0} kB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e6:0.0} MB");

    private void Report(long done)
    {
        Interlocked.Exchange(ref _done, done);
        lock (_gate)
        {
            var now = _clock.Elapsed;
            if (now - _lastShown < Interval || _total <= 0)
            {
                return;
            }

            _lastShown = now;
        }

        var percent = (int)Math.Min(100, done * 100 / _total);
        _events.Message(
            EngineMessageLevel.Info,
            $"{_runId}: {_verb} {percent}% ({Megabytes(done)} of {Megabytes(_total)}, {Rate()})");
    }

    private sealed class FileProgress(TransferProgress owner, long alreadyDone) : IProgress<long>
    {
        public void Report(long value) => owner.Report(alreadyDone + value);
    }
}

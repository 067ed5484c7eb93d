using System.Text;

namespace Pipeline.Engine;

/// <summary>
/// The orchestrator side of the progress channel: follows a run's progress file while its stage process runs and
/// hands every complete line, parsed, to a callback. A line that does not parse is reported once per run (with its
/// file and line number) instead of being dropped silently; later bad lines of the same run are counted.
/// </summary>
public sealed class ProgressTail : IAsyncDisposable
{
    private readonly string _path;
    private readonly Action<StageProgressReport> _onReport;
    private readonly Action<string> _onProblem;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly List<byte> _partial = [];
    private long _offset;
    private int _lineNumber;
    private int _badLines;

    private ProgressTail(string path, Action<StageProgressReport> onReport, Action<string> onProblem, TimeSpan interval)
    {
        _path = path;
        _onReport = onReport;
        _onProblem = onProblem;
        _loop = Task.Run(() => LoopAsync(interval));
    }

    /// <summary>How often the file is read by default.</summary>
    public static TimeSpan DefaultInterval { get; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Starts following <paramref name="path"/> (which may not exist yet).</summary>
    public static ProgressTail Start(string path, Action<StageProgressReport> onReport, Action<string> onProblem, TimeSpan? interval = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(onReport);
        ArgumentNullException.ThrowIfNull(onProblem);
        return new ProgressTail(path, onReport, onProblem, interval ?? DefaultInterval);
    }

    /// <summary>Stops following after reading what the stage wrote last.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        ReadNew(final: true);
        if (_badLines > 1)
        {
            _onProblem($"{_path}: {_badLines} progress lines in all could not be read");
        }

        _stop.Dispose();
    }

    private async Task LoopAsync(TimeSpan interval)
    {
        while (!_stop.IsCancellationRequested)
        {
            ReadNew(final: false);
            await Task.Delay(interval, _stop.Token).ConfigureAwait(false);
        }
    }

    private void ReadNew(bool final)
    {
        byte[] chunk;
        try
        {
            if (!File.Exists(_path))
            {
                return;
            }

            using var stream = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (stream.Length < _offset)
            {
                // The file was started again (a resumed attempt truncated it): read it from the start.
                _offset = 0;
                _partial.Clear();
            }

            stream.Seek(_offset, SeekOrigin.Begin);
            chunk = new byte[stream.Length - _offset];
            var read = stream.ReadAtLeast(chunk, chunk.Length, throwOnEndOfStream: false);
            Array.Resize(ref chunk, read);
            _offset += read;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return;
        }

        foreach (var b in chunk)
        {
            if (b != (byte)'\n')
            {
                _partial.Add(b);
                continue;
            }

            Handle(Encoding.UTF8.GetString(_partial.ToArray()));
            _partial.Clear();
        }

        if (final && _partial.Count > 0)
        {
            Handle(Encoding.UTF8.GetString(_partial.ToArray()));
            _partial.Clear();
        }
    }

    private void Handle(string line)
    {
        _lineNumber++;
        if (line.Trim().Length == 0)
        {
            return;
        }

        StageProgressReport report;
        try
        {
            report = StageProgressReport.Parse(line);
        }
        catch (FormatException e)
        {
            if (++_badLines == 1)
            {
                _onProblem($"{_path}:{_lineNumber}: progress line not understood: {e.Message}");
            }

            return;
        }

        _onReport(report);
    }
}

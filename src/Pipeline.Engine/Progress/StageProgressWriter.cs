using System.Text;

namespace Pipeline.Engine;

/// <summary>
/// The stage side of the progress channel: appends one JSON line per report to the run's progress file and flushes
/// it, so the orchestrator's <see cref="ProgressTail"/> sees it at once. One write call per line, so a reader sees
/// a line whole or not at all (a torn last line is only ever the one being written).
/// </summary>
public sealed class StageProgressWriter : IStageProgress, IDisposable
{
    private readonly FileStream? _stream;
    private readonly Lock _gate = new();
    private bool _failed;

    private StageProgressWriter(FileStream? stream) => _stream = stream;

    /// <summary>A reporter that drops every report (a stage started without a progress file, e.g. by hand).</summary>
    public static IStageProgress None { get; } = new StageProgressWriter(null);

    /// <summary>Opens (appends to) the progress file at <paramref name="path"/>.</summary>
    public static StageProgressWriter Open(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        return new StageProgressWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete));
    }

    /// <inheritdoc />
    public void Report(StageProgressReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (_stream is null)
        {
            return;
        }

        var bytes = Encoding.UTF8.GetBytes(report.ToJsonLine() + "\n");
        lock (_gate)
        {
            if (_failed)
            {
                return;
            }

            try
            {
                _stream.Write(bytes);
                _stream.Flush();
            }
            catch (IOException)
            {
                // A full disk stops progress reports, not the stage: its outputs report the real error.
                _failed = true;
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _stream?.Dispose();
}

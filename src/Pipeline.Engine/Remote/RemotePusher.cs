using System.Collections.Concurrent;

namespace Pipeline.Engine;

/// <summary>
/// Pushes committed entries to the remote cache during a build. A failed push does not undo the run (its entry is
/// complete locally, and the next build with this remote pushes it again) but is reported and collected, and makes
/// the build's exit code non-zero.
/// </summary>
internal sealed class RemotePusher
{
    private readonly RemoteCache _remote;
    private readonly IEngineEvents _events;
    private readonly ConcurrentQueue<string> _failures = new();

    public RemotePusher(RemoteCache remote, IEngineEvents events)
    {
        _remote = remote;
        _events = events;
    }

    /// <summary>Messages of the pushes that failed so far.</summary>
    public IReadOnlyList<string> Failures => [.. _failures];

    public async Task PushAsync(string key, string runId, CancellationToken cancellationToken)
    {
        try
        {
            await _remote.PushAsync(key, runId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RemoteStoreException or IOException or UnauthorizedAccessException or OperationCanceledException)
        {
            var message = $"{runId}: push to {_remote.Store.Location} failed: {e.Message}; the entry is complete locally and the next build with this remote pushes it";
            _events.Message(EngineMessageLevel.Error, message);
            _failures.Enqueue(message);
        }
    }
}

using System.Collections.Concurrent;
using Pipeline.Engine;

namespace Pipeline.Tests.Engine.Support;

/// <summary>Keeps every engine event so tests can assert on messages and on which runs started.</summary>
internal sealed class RecordingEvents : IEngineEvents
{
    private readonly ConcurrentQueue<string> _messages = new();
    private readonly ConcurrentQueue<string> _started = new();

    /// <summary>Signalled at the first message containing "waiting for another build".</summary>
    public TaskCompletionSource Waiting { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<string> Messages => _messages.ToList();

    public IReadOnlyList<string> Started => _started.ToList();

    public void Message(EngineMessageLevel level, string text)
    {
        _messages.Enqueue($"{level}: {text}");
        if (text.Contains("waiting for another build", StringComparison.Ordinal))
        {
            Waiting.TrySetResult();
        }
    }

    public void RunStarted(StageRun run, string key, string logPath) => _started.Enqueue(run.RunId);

    public void RunFinished(RunResult result)
    {
    }

    public void StageOutput(string runId, string line)
    {
    }
}

namespace Pipeline.Engine;

/// <summary>
/// The lock file's job in a build: at its end (whatever happened) record every run that completed, as the very
/// <see cref="LockedRun"/> its key was computed from plus its output hash; forget runs the graph no longer has;
/// keep the records of runs outside this build. A lock file that cannot be written is a warning.
/// </summary>
internal sealed class LockFileRecorder
{
    private readonly string _path;
    private readonly IEngineEvents _events;

    public LockFileRecorder(string path, IEngineEvents events)
    {
        _path = path;
        _events = events;
    }

    /// <summary>Updates <paramref name="lockFile"/> with the completed runs of <paramref name="states"/> and saves it.</summary>
    public void Record(PipelineLockFile lockFile, BuildGraph graph, IEnumerable<RunState> states)
    {
        var known = graph.Runs.Select(r => r.RunId).ToHashSet(StringComparer.Ordinal);
        foreach (var runId in lockFile.Runs.Keys.Where(id => !known.Contains(id)).ToList())
        {
            lockFile.Runs.Remove(runId);
        }

        foreach (var state in states.Where(s => s.Succeeded))
        {
            var record = state.Evaluation?.Record
                ?? throw new InvalidOperationException($"{state.Run.RunId} completed without the lock record of its key");
            lockFile.Runs[state.Run.RunId] = record with { Output = state.Result!.Manifest!.ContentHash };
        }

        try
        {
            lockFile.Save(_path);
        }
        catch (IOException e)
        {
            _events.Message(EngineMessageLevel.Warning, $"could not write {_path}: {e.Message}");
        }
    }
}

namespace Pipeline.Engine;

/// <summary>
/// What a plan and a build both open over the artifacts folder: the stat cache and hasher, the store, the lock
/// file of the last builds, the evaluator that decides each run, and the remote cache if one is configured.
/// </summary>
internal sealed class BuildSession
{
    private readonly IEngineEvents _events;

    public BuildSession(BuildGraph graph, EngineSettings settings, ArtifactLayout layout, IEngineEvents events)
    {
        _events = events;
        StatCache = StatCache.Load(layout.StatCachePath, settings.StatCacheRacyWindow);
        Hasher = new ContentHasher(StatCache);
        Store = new ArtifactStore(layout, Hasher);
        LockFile = PipelineLockFile.Load(layout.LockFilePath, events);
        Evaluator = new RunEvaluator(graph, settings, Store, LockFile);
        Remote = settings.Remote is { } remote ? new RemoteCache(remote, settings.RemoteReadOnly, Store, events) : null;
    }

    public StatCache StatCache { get; }

    public ContentHasher Hasher { get; }

    public ArtifactStore Store { get; }

    public PipelineLockFile LockFile { get; }

    public RunEvaluator Evaluator { get; }

    public RemoteCache? Remote { get; }

    /// <summary>Saves the stat cache; a failure only costs rehashing next time, so it is a warning.</summary>
    public void SaveStatCache()
    {
        try
        {
            StatCache.Save();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _events.Message(EngineMessageLevel.Warning, $"could not save the stat cache: {e.Message}");
        }
    }
}

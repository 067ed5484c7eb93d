namespace Pipeline.Engine;

/// <summary>
/// Publishing: points a run's friendly paths (<see cref="StageRun.Publish"/>) at its committed entry. A path that
/// cannot be published is a warning, not a failure: friendly paths are conveniences, the store entry is what counts.
/// </summary>
internal sealed class RunPublisher
{
    private readonly ArtifactLayout _layout;
    private readonly IEngineEvents _events;

    public RunPublisher(ArtifactLayout layout, IEngineEvents events)
    {
        _layout = layout;
        _events = events;
    }

    /// <summary>Publishes every link of <paramref name="run"/> to the entry of <paramref name="key"/>; returns how many succeeded.</summary>
    public int Publish(StageRun run, string key)
    {
        var published = 0;
        foreach (var link in run.Publish)
        {
            try
            {
                Publisher.Publish(_layout, link, _layout.EntryDirectory(key));
                published++;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or EngineException)
            {
                _events.Message(EngineMessageLevel.Warning, $"{run.RunId}: could not publish {link.Path}: {e.Message}");
            }
        }

        return published;
    }
}

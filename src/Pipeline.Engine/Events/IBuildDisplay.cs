namespace Pipeline.Engine;

/// <summary>
/// How the entry shows a build: the events sink while it plans or builds, then the summary of the typed
/// <see cref="BuildResult"/>. The engine renders nothing itself; the command line implements this.
/// </summary>
public interface IBuildDisplay
{
    /// <summary>The events sink for one plan or build; dispose it (when disposable) before <see cref="WriteSummary"/>.</summary>
    IEngineEvents OpenEvents(bool plan);

    /// <summary>Writes the end-of-build summary.</summary>
    void WriteSummary(BuildResult result);
}

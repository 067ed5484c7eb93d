namespace Pipeline.Engine;

/// <summary>
/// How long a run that will execute is likely to take: the duration recorded in the manifest of the entry its last
/// completed build produced (the lock file names that entry). Unknown when the run never completed here, when that
/// entry is gone, or when its manifest predates recorded durations.
/// </summary>
public static class DurationEstimate
{
    /// <summary>The estimate for <paramref name="runId"/>, or null when unknown.</summary>
    public static TimeSpan? Of(string runId, PipelineLockFile lockFile, ArtifactLayout layout)
    {
        ArgumentNullException.ThrowIfNull(lockFile);
        ArgumentNullException.ThrowIfNull(layout);
        if (!lockFile.Runs.TryGetValue(runId, out var locked))
        {
            return null;
        }

        var path = Path.Combine(layout.EntryDirectory(locked.Key), OutputManifest.FileName);
        try
        {
            return File.Exists(path) && OutputManifest.Parse(File.ReadAllText(path)).DurationSeconds is { } seconds
                ? TimeSpan.FromSeconds(seconds)
                : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException or InvalidDataException)
        {
            return null;
        }
    }

    /// <summary><c>0:33</c>, or <c>unknown</c>.</summary>
    public static string Format(TimeSpan? estimate) => estimate is { } e ? DurationText.Format(e) : "unknown";
}

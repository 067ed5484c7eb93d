namespace Pipeline.Engine;

/// <summary>Machine-side settings of the engine: where things are and how stage processes start. None of it enters a key.</summary>
public sealed record EngineSettings
{
    /// <summary>The artifacts folder (store, logs, lock file).</summary>
    public required string ArtifactsDirectory { get; init; }

    /// <summary>The folder input paths are relative to, and enter keys relative to (usually the repository root).</summary>
    public required string InputRoot { get; init; }

    /// <summary>How to start a stage process. Needed for builds, not for plans.</summary>
    public StageCommand? StageCommand { get; init; }

    /// <summary>Threads a stage may use, passed in the spec.</summary>
    public int Threads { get; init; } = System.Environment.ProcessorCount;

    /// <summary>
    /// The core budget: the scheduler starts a run only while the cores of the runs it is running (<see cref="StageRun.Cores"/>)
    /// fit in it, whatever the job count; a run that needs more than all of it runs alone. Never enters a key.
    /// </summary>
    public int Cores { get; init; } = System.Environment.ProcessorCount;

    /// <summary>Device string passed in the spec (<c>cpu</c>, <c>cuda</c>, ...); the engine does not interpret it.</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>Environment variables added to every stage process (a run's own variables win).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// A file hashed less than this after its last modification is hashed again next time, because a write within
    /// the file system's timestamp granularity would not change its stat (2 s covers the coarsest common ones).
    /// </summary>
    public TimeSpan StatCacheRacyWindow { get; init; } = DefaultStatCacheRacyWindow;

    /// <summary>The default of <see cref="StatCacheRacyWindow"/>.</summary>
    public static TimeSpan DefaultStatCacheRacyWindow { get; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The remote cache's store, or null for none: a run missing locally is pulled from it, and a run that executed is
    /// pushed to it. The caller owns (and disposes) it.
    /// </summary>
    public IRemoteStore? Remote { get; init; }

    /// <summary>Pull from <see cref="Remote"/> but never push (pull requests).</summary>
    public bool RemoteReadOnly { get; init; }

    /// <summary>How often a build waiting for the build lock tries again.</summary>
    public TimeSpan LockPollInterval { get; init; } = TimeSpan.FromMilliseconds(200);
}

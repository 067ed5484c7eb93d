namespace Pipeline.Engine;

/// <summary>
/// Where everything lives under the artifacts folder: the store (<c>cache/&lt;key[0..2]&gt;/&lt;key&gt;/</c>), work
/// folders (<c>cache/tmp/&lt;key&gt;/</c>), the stat cache, logs, the lock file and the build lock.
/// </summary>
public sealed class ArtifactLayout
{
    /// <summary>Creates the layout for an artifacts folder (made absolute).</summary>
    public ArtifactLayout(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        Root = Path.GetFullPath(root);
    }

    /// <summary>The artifacts folder.</summary>
    public string Root { get; }

    /// <summary>The content-addressed store.</summary>
    public string CacheDirectory => Path.Combine(Root, "cache");

    /// <summary>Work folders of runs not committed yet; named by key so a killed run can resume.</summary>
    public string TmpDirectory => Path.Combine(CacheDirectory, "tmp");

    /// <summary>Markers of entries whose push to the remote cache has not finished (one file per key).</summary>
    public string RemotePendingDirectory => Path.Combine(CacheDirectory, "remote-pending");

    /// <summary>Stage logs.</summary>
    public string LogsDirectory => Path.Combine(Root, "logs");

    /// <summary>The persistent stat cache.</summary>
    public string StatCachePath => Path.Combine(CacheDirectory, "statcache.json");

    /// <summary>The record of the last build of every run.</summary>
    public string LockFilePath => Path.Combine(Root, "pipeline.lock.json");

    /// <summary>The file held with an OS exclusive lock while a build runs.</summary>
    public string BuildLockPath => Path.Combine(Root, ".build.lock");

    /// <summary>
    /// Who holds the build lock (pid, start time). Kept beside the lock file because on Unix .NET's exclusive
    /// open is an flock that also refuses readers, so the lock file itself cannot be read by a waiting build.
    /// </summary>
    public string BuildLockOwnerPath => Path.Combine(Root, ".build.lock.owner");

    /// <summary>The committed entry folder of a key.</summary>
    public string EntryDirectory(string key) => Path.Combine(CacheDirectory, key[..2], key);

    /// <summary>The work folder of a key.</summary>
    public string WorkDirectory(string key) => Path.Combine(TmpDirectory, key);

    /// <summary>The lock a stage process holds on its work folder, so an orphaned stage and a new one never share it.</summary>
    public string WorkLockPath(string key) => Path.Combine(TmpDirectory, key + ".lock");

    /// <summary>The spec file handed to a stage process.</summary>
    public string SpecPath(string key) => Path.Combine(TmpDirectory, key + ".spec.json");

    /// <summary>The log of a run: its id with '/' (and other unsafe characters) replaced by '_'.</summary>
    public string LogPath(string runId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        var invalid = Path.GetInvalidFileNameChars();
        var name = new string(runId.Select(c => c == '/' || c == '\\' || invalid.Contains(c) ? '_' : c).ToArray());
        return Path.Combine(LogsDirectory, name + ".log");
    }
}

using System.Text.RegularExpressions;

namespace Pipeline.Engine;

/// <summary>
/// Garbage collection of one artifacts folder's store, under its build lock (a running build's entries are never
/// touched: while one runs, the folder is skipped). Entries the last build of each run used (the lock file, and
/// their upstream entries) always stay, and so do those of the <c>keep</c> most recent builds in the history.
/// Without a size limit every other entry goes; with one, other entries go least recently used first (last use:
/// the latest build in the history that used the entry, else its commit time) until the store fits. Work folders of
/// unfinished runs go too, unless a stage process still holds one.
/// </summary>
public static partial class StoreCollector
{
    /// <summary>Collects <paramref name="layout"/>'s store.</summary>
    public static GcReport Collect(ArtifactLayout layout, int keep, long? maxBytes, IEngineEvents events)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentOutOfRangeException.ThrowIfNegative(keep);
        using var buildLock = BuildLock.TryAcquire(layout, events, out var holder);
        if (buildLock is null)
        {
            return new GcReport { Root = layout.Root, HeldByBuild = true, Holder = holder };
        }

        var (history, problems) = BuildHistory.Read(BuildHistory.PathOf(layout));
        foreach (var problem in problems)
        {
            events.Message(EngineMessageLevel.Warning, problem);
        }

        var protectedKeys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var run in PipelineLockFile.Load(layout.LockFilePath, events).Runs.Values)
        {
            protectedKeys.Add(run.Key);
            protectedKeys.UnionWith(run.UpstreamRuns.Values.Select(u => u.Key));
        }

        foreach (var record in history.TakeLast(keep))
        {
            protectedKeys.UnionWith(record.Runs.Where(r => r.Key is not null).Select(r => r.Key!));
        }

        var lastUsed = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var record in history)
        {
            foreach (var key in record.Runs.Where(r => r.Key is not null && r.Status is "ran" or "cached").Select(r => r.Key!))
            {
                lastUsed[key] = lastUsed.TryGetValue(key, out var seen) && seen > record.Finished ? seen : record.Finished;
            }
        }

        var entries = Entries(layout, lastUsed).OrderBy(e => e.LastUsed).ThenBy(e => e.Key, StringComparer.Ordinal).ToList();
        var removed = new List<GcEntry>();
        var kept = new List<GcEntry>();
        var total = entries.Sum(e => e.Bytes);
        foreach (var entry in entries)
        {
            var remove = !protectedKeys.Contains(entry.Key) && (maxBytes is not { } limit || total > limit);
            if (remove && TryRemove(layout, layout.EntryDirectory(entry.Key), events))
            {
                removed.Add(entry);
                total -= entry.Bytes;
            }
            else
            {
                kept.Add(entry);
            }
        }

        var (workFolders, workBytes) = RemoveWorkFolders(layout, events);
        try
        {
            // Saving drops the remembered hashes of files that are gone, so the stat cache shrinks with the store.
            StatCache.Load(layout.StatCachePath, EngineSettings.DefaultStatCacheRacyWindow).Save();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            events.Message(EngineMessageLevel.Warning, $"could not rewrite {layout.StatCachePath}: {e.Message}");
        }

        return new GcReport
        {
            Root = layout.Root,
            Removed = removed,
            Kept = kept,
            WorkFoldersRemoved = workFolders,
            WorkBytesFreed = workBytes,
            OverLimit = maxBytes is { } max && total > max,
        };
    }

    private static IEnumerable<GcEntry> Entries(ArtifactLayout layout, Dictionary<string, DateTimeOffset> lastUsed)
    {
        if (!Directory.Exists(layout.CacheDirectory))
        {
            yield break;
        }

        foreach (var shard in Directory.EnumerateDirectories(layout.CacheDirectory).Where(d => ShardName().IsMatch(Path.GetFileName(d))))
        {
            foreach (var folder in Directory.EnumerateDirectories(shard).Where(d => KeyName().IsMatch(Path.GetFileName(d))))
            {
                var key = Path.GetFileName(folder);
                string? runId = null;
                DateTimeOffset created = Directory.GetLastWriteTimeUtc(folder);
                try
                {
                    var manifest = OutputManifest.Parse(File.ReadAllText(Path.Combine(folder, OutputManifest.FileName)));
                    runId = manifest.RunId;
                    created = manifest.Created;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException or InvalidDataException)
                {
                    // A damaged entry is removed like any unused one (a build would discard it anyway).
                }

                yield return new GcEntry(key, runId, FolderBytes(folder), lastUsed.TryGetValue(key, out var used) ? used : created);
            }
        }
    }

    private static (int Count, long Bytes) RemoveWorkFolders(ArtifactLayout layout, IEngineEvents events)
    {
        if (!Directory.Exists(layout.TmpDirectory))
        {
            return (0, 0);
        }

        var count = 0;
        long bytes = 0;
        foreach (var folder in Directory.EnumerateDirectories(layout.TmpDirectory))
        {
            var name = Path.GetFileName(folder);
            var isWork = KeyName().IsMatch(name);
            if (!isWork && !name.StartsWith("discard-", StringComparison.Ordinal))
            {
                continue;
            }

            // A stage process orphaned by a dead build may still be writing; its work lock says so.
            using var workLock = isWork ? TryLock(layout.WorkLockPath(name)) : null;
            if (isWork && workLock is null)
            {
                events.Message(EngineMessageLevel.Info, $"{folder}: a stage process still holds it; kept");
                continue;
            }

            var size = FolderBytes(folder);
            if (TryRemove(layout, folder, events))
            {
                count++;
                bytes += size;
                if (isWork)
                {
                    TryDelete(layout.SpecPath(name));
                    TryDelete(layout.ProgressPath(name));
                    // Deleted while held: no stage can start meanwhile, since this process holds the build lock.
                    TryDelete(layout.WorkLockPath(name));
                }
            }
        }

        // Companion files (spec, progress, work lock) of work folders already gone; a held work lock stays.
        foreach (var file in Directory.EnumerateFiles(layout.TmpDirectory))
        {
            var name = Path.GetFileName(file);
            var key = name.Split('.')[0];
            if (!KeyName().IsMatch(key) || Directory.Exists(layout.WorkDirectory(key)))
            {
                continue;
            }

            using var held = name.EndsWith(".lock", StringComparison.Ordinal) ? TryLock(file) : null;
            if (name.EndsWith(".lock", StringComparison.Ordinal) && held is null)
            {
                continue;
            }

            TryDelete(file);
        }

        return (count, bytes);
    }

    private static FileStream? TryLock(string path)
    {
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Renames the folder aside (atomic: a reader sees it whole or not at all), then deletes it.</summary>
    private static bool TryRemove(ArtifactLayout layout, string folder, IEngineEvents events)
    {
        try
        {
            Directory.CreateDirectory(layout.TmpDirectory);
            var name = Path.GetFileName(folder);
            var aside = name.StartsWith("discard-", StringComparison.Ordinal)
                ? folder
                : Path.Combine(layout.TmpDirectory, $"discard-{name}-{Guid.NewGuid():N}");
            if (aside != folder)
            {
                Directory.Move(folder, aside);
            }

            Directory.Delete(aside, recursive: true);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            events.Message(EngineMessageLevel.Warning, $"could not remove {folder}: {e.Message}");
            return false;
        }
    }

    private static long FolderBytes(string folder)
    {
        try
        {
            return new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
    }

    [GeneratedRegex("^[0-9a-f]{2}$")]
    private static partial Regex ShardName();

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex KeyName();
}

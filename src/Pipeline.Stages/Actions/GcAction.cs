using System.Globalization;
using Pipeline.Cli;
using Pipeline.Engine;
using Pipeline.Foundation;

namespace Pipeline.Stages.Actions;

/// <summary>
/// The Gc target: collects the store of every experiment under the artifacts folder (the default experiment's at
/// the top, the others' in their subfolders), keeping the last build's entries and those of the <c>--keep N</c>
/// most recent builds, optionally trimming to <c>--max-size</c>; prints what it freed.
/// </summary>
public static class GcAction
{
    public static int Run(string artifactsRoot, BuildOptions options, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(options);
        var stores = Stores(artifactsRoot).ToList();
        if (stores.Count == 0)
        {
            output.WriteLine($"Gc: nothing to collect ({artifactsRoot} holds no store)");
            return 0;
        }

        var events = new TextWriterEngineEvents(error);
        long freed = 0;
        var skipped = 0;
        foreach (var store in stores)
        {
            var report = StoreCollector.Collect(new ArtifactLayout(store), options.Keep, options.MaxSize, events);
            if (report.HeldByBuild)
            {
                skipped++;
                output.WriteLine($"Gc {store}: a build is running (pid {report.Holder?.ToString(CultureInfo.InvariantCulture) ?? "unknown"}); skipped, nothing removed");
                continue;
            }

            freed += report.BytesFreed;
            foreach (var entry in report.Removed)
            {
                output.WriteLine($"  removed {entry.Key} {entry.RunId ?? "(unknown run)"} {ByteSize.Format(entry.Bytes)}, last used {entry.LastUsed.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC");
            }

            output.WriteLine(
                $"Gc {store}: removed {report.Removed.Count} cache entries ({ByteSize.Format(report.Removed.Sum(e => e.Bytes))}) " +
                $"and {report.WorkFoldersRemoved} work folders ({ByteSize.Format(report.WorkBytesFreed)}); " +
                $"kept {report.Kept.Count} entries ({ByteSize.Format(report.Kept.Sum(e => e.Bytes))})");
            if (report.OverLimit)
            {
                output.WriteLine($"Gc {store}: still over --max-size {ByteSize.Format(options.MaxSize!.Value)}: the entries of the last builds alone take more");
            }
        }

        output.WriteLine($"Gc: freed {ByteSize.Format(freed)}{(skipped > 0 ? $"; {skipped} store(s) skipped because a build holds them" : "")}");
        return 0;
    }

    /// <summary>The artifacts folder itself and each subfolder that has a store (<c>cache/</c>).</summary>
    public static IEnumerable<string> Stores(string artifactsRoot)
    {
        if (!Directory.Exists(artifactsRoot))
        {
            yield break;
        }

        if (Directory.Exists(Path.Combine(artifactsRoot, "cache")))
        {
            yield return artifactsRoot;
        }

        foreach (var folder in Directory.EnumerateDirectories(artifactsRoot).Order(StringComparer.Ordinal))
        {
            if (Path.GetFileName(folder) != "cache" && Directory.Exists(Path.Combine(folder, "cache")))
            {
                yield return folder;
            }
        }
    }
}

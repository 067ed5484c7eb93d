using System.Globalization;
using Pipeline.Cli;
using Pipeline.Engine;
using Pipeline.Stages.History;

namespace Pipeline.Stages.Actions;

/// <summary>
/// The Clean target. Alone it deletes the artifacts folder (every experiment's store, logs, published links).
/// With <c>--experiment X</c> it removes X's results only: X's own folder (<c>artifacts/&lt;name&gt;/</c>), or, for
/// the experiment that builds into the artifacts folder itself, everything there except other experiments'
/// folders and <c>bench/</c>. It refuses while a build of that folder holds the build lock (whose file stays).
/// </summary>
public static class CleanAction
{
    /// <summary>Top-level names under the artifacts folder that are not the default experiment's results.</summary>
    public static readonly IReadOnlyList<string> NotResults = ["bench"];

    public static int Run(string repositoryRoot, string artifactsDirectory, BuildOptions options, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.ExperimentGiven)
        {
            return CleanAll(artifactsDirectory, output, error);
        }

        var folder = ExperimentArtifacts.Folder(repositoryRoot, artifactsDirectory, options);
        if (!Directory.Exists(folder))
        {
            output.WriteLine($"Clean: nothing to delete for {options.Experiment} ({folder} does not exist)");
            return 0;
        }

        var layout = new ArtifactLayout(folder);
        var removed = new List<string>();
        using (var buildLock = BuildLock.TryAcquire(layout, new TextWriterEngineEvents(error), out var holder))
        {
            if (buildLock is null)
            {
                error.WriteLine($"error: a build of {folder} is running (pid {holder?.ToString(CultureInfo.InvariantCulture) ?? "unknown"}); Clean removed nothing");
                return 1;
            }

            foreach (var entry in Directory.EnumerateFileSystemEntries(folder).Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileName(entry);
                if (name.StartsWith(".build.lock", StringComparison.Ordinal) || NotResults.Contains(name) || IsOtherExperiment(entry))
                {
                    continue;
                }

                Delete(entry);
                removed.Add(name);
            }
        }

        output.WriteLine(removed.Count == 0
            ? $"Clean: nothing to delete for {options.Experiment} in {folder}"
            : $"Clean: deleted {options.Experiment}'s results in {folder}: {string.Join(", ", removed)}");
        return 0;
    }

    private static int CleanAll(string artifactsDirectory, TextWriter output, TextWriter error)
    {
        if (Directory.Exists(artifactsDirectory))
        {
            // Every store's build lock, held while deleting: no build of any experiment is running meanwhile.
            var locks = new List<BuildLock>();
            try
            {
                foreach (var store in GcAction.Stores(artifactsDirectory))
                {
                    if (BuildLock.TryAcquire(new ArtifactLayout(store), new TextWriterEngineEvents(error), out var holder) is not { } held)
                    {
                        error.WriteLine($"error: a build of {store} is running (pid {holder?.ToString(CultureInfo.InvariantCulture) ?? "unknown"}); Clean removed nothing");
                        return 1;
                    }

                    locks.Add(held);
                }

                Directory.Delete(artifactsDirectory, recursive: true);
            }
            finally
            {
                locks.ForEach(l => l.Dispose());
            }

            output.WriteLine($"Clean: deleted {artifactsDirectory}");
        }
        else
        {
            output.WriteLine($"Clean: nothing to delete ({artifactsDirectory} does not exist)");
        }

        return 0;
    }

    /// <summary>A subfolder that is another experiment's artifacts folder: it has its own store, lock file or history.</summary>
    private static bool IsOtherExperiment(string entry) =>
        Directory.Exists(entry)
        && (Directory.Exists(Path.Combine(entry, "cache"))
            || File.Exists(Path.Combine(entry, "pipeline.lock.json"))
            || File.Exists(Path.Combine(entry, BuildHistory.FileName)));

    private static void Delete(string entry)
    {
        // A published friendly path is a symbolic link: remove the link, never what it points to.
        var info = new FileInfo(entry);
        if (info.LinkTarget is not null || File.Exists(entry))
        {
            File.Delete(entry);
        }
        else
        {
            Directory.Delete(entry, recursive: true);
        }
    }
}

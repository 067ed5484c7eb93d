using Pipeline.Engine;

namespace Pipeline.Benchmarks.Infrastructure;

/// <summary>The committed runs of a build's store: every entry's own manifest (cache/xx/key/manifest.json), in creation order.</summary>
public static class StoreManifests
{
    public static IReadOnlyList<OutputManifest> Read(string artifacts)
    {
        var cache = new ArtifactLayout(artifacts).CacheDirectory;
        if (!Directory.Exists(cache))
        {
            return [];
        }

        // Only the store's own manifests, one folder level below the key prefix: a stage's output may hold a file of that name.
        return Directory.EnumerateDirectories(cache)
            .SelectMany(Directory.EnumerateDirectories)
            .Select(entry => Path.Combine(entry, OutputManifest.FileName))
            .Where(File.Exists)
            .Select(path => OutputManifest.Parse(File.ReadAllText(path)))
            .OrderBy(m => m.Created)
            .ToList();
    }
}

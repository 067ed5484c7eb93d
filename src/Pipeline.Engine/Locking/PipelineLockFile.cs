using System.Text.Json;
using Pipeline.Foundation;

namespace Pipeline.Engine;

/// <summary>
/// <c>artifacts/pipeline.lock.json</c>: for every run a build completed, what its key was made of and what it
/// produced. Written atomically at the end of each build; runs outside that build keep their previous record.
/// Not a cache: deleting it only makes the plan say <c>no cache entry</c> instead of naming what changed.
/// </summary>
public sealed record PipelineLockFile
{
    /// <summary>Current format version (2: a run's record is its key material, parameters nested).</summary>
    public const int CurrentVersion = 2;

    /// <summary>Format version.</summary>
    public int Version { get; init; } = CurrentVersion;

    /// <summary>Records by run id.</summary>
    public SortedDictionary<string, LockedRun> Runs { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Loads the lock file; a missing one is empty, a damaged one is reported and treated as empty.</summary>
    public static PipelineLockFile Load(string path, IEngineEvents events)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (!File.Exists(path))
        {
            return new PipelineLockFile();
        }

        try
        {
            var text = File.ReadAllText(path);
            // An earlier format's records do not deserialise as this one's: look at the version first.
            if (System.Text.Json.Nodes.JsonNode.Parse(text) is System.Text.Json.Nodes.JsonObject root
                && root["version"] is System.Text.Json.Nodes.JsonValue version
                && version.TryGetValue<int>(out var number)
                && number is > 0 and < CurrentVersion)
            {
                events.Message(EngineMessageLevel.Warning, $"{path}: format {number} of an earlier version, ignored (the next build rewrites it)");
                return new PipelineLockFile();
            }

            var lockFile = JsonSerializer.Deserialize(text, EngineJsonContext.Files.PipelineLockFile);
            if (lockFile is null || lockFile.Version != CurrentVersion || lockFile.Runs is null)
            {
                events.Message(EngineMessageLevel.Warning, $"{path}: unknown format, ignored");
                return new PipelineLockFile();
            }

            return lockFile with { Runs = new SortedDictionary<string, LockedRun>(lockFile.Runs, StringComparer.Ordinal) };
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            events.Message(EngineMessageLevel.Warning, $"{path}: unreadable ({e.Message}), ignored");
            return new PipelineLockFile();
        }
    }

    /// <summary>Writes the lock file atomically.</summary>
    public void Save(string path) => AtomicFile.WriteAllText(path, JsonSerializer.Serialize(this, EngineJsonContext.Files.PipelineLockFile) + "\n");
}

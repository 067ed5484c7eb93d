using System.Text.Json;
using Pipeline.Foundation;

namespace Pipeline.Training.Checkpoints;

/// <summary>Reads and writes <c>checkpoints/manifest.json</c>: a JSON array of <see cref="CheckpointEntry"/> ordered by epoch.</summary>
public static class CheckpointManifest
{
    public const string FileName = "manifest.json";

    /// <summary>The manifest of a training output folder (empty when none was written yet).</summary>
    public static IReadOnlyList<CheckpointEntry> Read(string trainOutputDirectory)
    {
        var path = Path.Combine(trainOutputDirectory, "checkpoints", FileName);
        if (!File.Exists(path))
        {
            return [];
        }

        try
        {
            return JsonSerializer.Deserialize<List<CheckpointEntry>>(File.ReadAllText(path), TrainingJson.Options)
                ?? throw new InvalidDataException($"{path}: the manifest is empty");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a checkpoint manifest ({e.Message})", e);
        }
    }

    internal static void Write(string trainOutputDirectory, IReadOnlyList<CheckpointEntry> entries, AtomicFileWriter writer)
    {
        var path = Path.Combine(trainOutputDirectory, "checkpoints", FileName);
        writer.WriteAllText(path, "checkpoint manifest", JsonSerializer.Serialize(entries.OrderBy(e => e.Epoch).ToList(), TrainingJson.Indented));
    }
}

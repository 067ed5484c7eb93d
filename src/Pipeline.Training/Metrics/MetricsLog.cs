using System.Text;
using System.Text.Json;
using Pipeline.Foundation;

namespace Pipeline.Training.Metrics;

/// <summary>
/// <c>metrics.jsonl</c>, one <see cref="EpochMetrics"/> per line. Rewritten whole (atomically) after
/// each epoch, so a resume that trains an epoch again never leaves a duplicate line.
/// </summary>
public sealed class MetricsLog
{
    public const string FileName = "metrics.jsonl";

    private readonly string _path;
    private readonly AtomicFileWriter _writer;
    private readonly List<EpochMetrics> _epochs;

    public MetricsLog(string outputDirectory, AtomicFileWriter writer, int keepThroughEpoch)
    {
        _path = Path.Combine(outputDirectory, FileName);
        _writer = writer;
        _epochs = Read(outputDirectory).Where(m => m.Epoch <= keepThroughEpoch).ToList();
    }

    public IReadOnlyList<EpochMetrics> Epochs => _epochs;

    public void Append(EpochMetrics metrics)
    {
        var updated = _epochs.Where(m => m.Epoch != metrics.Epoch).Append(metrics).OrderBy(m => m.Epoch).ToList();
        var text = new StringBuilder();
        foreach (var line in updated)
        {
            text.Append(JsonSerializer.Serialize(line, TrainingJson.Options)).Append('\n');
        }

        _writer.WriteAllText(_path, "metrics", text.ToString());
        _epochs.Clear();
        _epochs.AddRange(updated);
    }

    /// <summary>The epochs recorded in a training output folder.</summary>
    public static IReadOnlyList<EpochMetrics> Read(string outputDirectory)
    {
        var path = Path.Combine(outputDirectory, FileName);
        if (!File.Exists(path))
        {
            return [];
        }

        return File.ReadLines(path)
            .Where(l => l.Length > 0)
            .Select((l, i) => JsonSerializer.Deserialize<EpochMetrics>(l, TrainingJson.Options)
                ?? throw new InvalidDataException($"{path}:{i + 1}: empty record"))
            .ToList();
    }
}

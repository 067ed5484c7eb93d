using System.Text.Json;

namespace Pipeline.Reporting.Html;

/// <summary>Reads a training stage's <c>metrics.jsonl</c>.</summary>
public static class EpochMetricsReader
{
    /// <summary>Every non-empty line as an <see cref="EpochRow"/>; a malformed line is an error naming the file and line.</summary>
    public static IReadOnlyList<EpochRow> Read(string path)
    {
        var result = new List<EpochRow>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                using var document = JsonDocument.Parse(line);
                var e = document.RootElement;
                result.Add(new EpochRow(
                    e.GetProperty("epoch").GetInt32(),
                    e.TryGetProperty("phase", out var phase) && phase.ValueKind == JsonValueKind.String ? phase.GetString()! : "",
                    Number(e, "train_loss"),
                    Number(e, "train_acc"),
                    Number(e, "val_loss"),
                    Number(e, "val_acc"),
                    Number(e, "lr")));
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                throw new InvalidDataException($"{path}:{lineNumber}: not a metrics line ({ex.Message}).", ex);
            }
        }
        return result;
    }

    private static double? Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;
}

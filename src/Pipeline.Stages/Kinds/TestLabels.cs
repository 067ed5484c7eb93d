using System.Text.Json;

namespace Pipeline.Stages.Kinds;

/// <summary>
/// Ground truth of the test set when the data has it (the synthetic set writes test_labels.csv, which
/// Preprocess carries into test_labels.json): lets the report score the submission. Real competition data has none.
/// </summary>
internal static class TestLabels
{
    public const string FileName = "test_labels.json";

    /// <summary>Label per test id, or null when the data has no ground truth.</summary>
    public static IReadOnlyDictionary<string, string>? Read(string preprocessDirectory)
    {
        var path = Path.Combine(preprocessDirectory, FileName);
        return File.Exists(path) ? JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(path)) : null;
    }
}

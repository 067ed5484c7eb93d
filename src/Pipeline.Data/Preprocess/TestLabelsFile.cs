using System.Text.Json;

namespace Pipeline.Data.Preprocess;

/// <summary>
/// <c>test_labels.json</c>: the test split's ground truth, which only synthetic data has, as aligned image ids and class
/// indices. Preprocess writes it; no stage before the Ensemble's scoring and the report reads it.
/// </summary>
public sealed record TestLabelsFile(IReadOnlyList<string> Ids, IReadOnlyList<int> Labels)
{
    /// <summary>The file of a Preprocess run's folder, or null when the data has no test ground truth.</summary>
    public static TestLabelsFile? Read(string directory)
    {
        var path = Path.Combine(directory, PreprocessFiles.TestLabels);
        if (!File.Exists(path))
        {
            return null;
        }

        TestLabelsFile? file;
        try
        {
            file = JsonSerializer.Deserialize<TestLabelsFile>(File.ReadAllText(path), PreprocessRunner.Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a valid test labels file ({e.Message})", e);
        }

        if (file is null)
        {
            throw new InvalidDataException($"{path} is empty");
        }

        if (file.Ids.Count != file.Labels.Count)
        {
            throw new InvalidDataException($"{path}: {file.Ids.Count} ids but {file.Labels.Count} labels");
        }

        return file;
    }
}

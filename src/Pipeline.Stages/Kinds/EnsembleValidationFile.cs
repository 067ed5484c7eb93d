namespace Pipeline.Stages.Kinds;

/// <summary>
/// <c>ensemble_validation.json</c>, written by the Ensemble stage: the submitted ensemble's predicted class for each
/// validation image, aligned with the images' ids and labels. The report's headline, per-class accuracy and
/// confusion matrix come from it, so the report never combines the members a second time.
/// </summary>
public sealed record EnsembleValidationFile(
    string Method,
    IReadOnlyList<string> Classes,
    IReadOnlyList<string> Ids,
    IReadOnlyList<int> Labels,
    IReadOnlyList<int> Predicted)
{
    /// <summary>The file's name in its run's folder.</summary>
    public const string FileName = "ensemble_validation.json";

    /// <summary>Writes the file into a run's output folder.</summary>
    public void Write(string directory) => StageJson.Write(Path.Combine(directory, FileName), this);

    /// <summary>The file of an Ensemble run's folder; ids, labels and predictions of unequal length are an error naming it.</summary>
    public static EnsembleValidationFile Read(string directory)
    {
        var path = Path.Combine(directory, FileName);
        var file = StageJson.Read<EnsembleValidationFile>(path);
        if (file.Labels.Count != file.Ids.Count || file.Predicted.Count != file.Ids.Count)
        {
            throw new InvalidDataException($"{path}: {file.Ids.Count} ids, {file.Labels.Count} labels and {file.Predicted.Count} predictions");
        }

        if (file.Predicted.Any(p => p < 0 || p >= file.Classes.Count))
        {
            throw new InvalidDataException($"{path}: a prediction is not one of its {file.Classes.Count} classes");
        }

        return file;
    }
}

namespace Pipeline.Stages.Kinds;

/// <summary>
/// <c>pseudolabels.json</c>, written by the Pseudolabel stage beside the student's checkpoints: the rule, how many test
/// images the teacher labelled per class, and the teacher's and student's validation accuracy. The report reads it.
/// </summary>
public sealed record PseudolabelsFile(
    string Rule,
    int TestImages,
    int Taken,
    IReadOnlyList<string> Classes,
    IReadOnlyList<int> CountsPerClass,
    IReadOnlyList<string> TeacherModels,
    double? TeacherValAccuracy,
    double? StudentValAccuracy)
{
    /// <summary>The file's name in its run's folder.</summary>
    public const string FileName = "pseudolabels.json";

    /// <summary>Writes the file into a run's output folder.</summary>
    public void Write(string directory) => StageJson.Write(Path.Combine(directory, FileName), this);

    /// <summary>The file in a Pseudolabel run's folder, or null when it has none.</summary>
    public static PseudolabelsFile? Read(string directory)
    {
        var path = Path.Combine(directory, FileName);
        return File.Exists(path) ? StageJson.Read<PseudolabelsFile>(path) : null;
    }
}

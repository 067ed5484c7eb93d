namespace Pipeline.Stages.Kinds;

/// <summary>
/// <c>ensemble.json</c>, written by the Ensemble stage beside <c>submission.csv</c>: the submitted method, its
/// validation (and, with ground truth, test) accuracy, each method's validation accuracy in the order tried, and the
/// members with their weights. The report reads its members, methods and test accuracy from here.
/// </summary>
public sealed record EnsembleFile(
    string Method,
    double? ValAccuracy,
    double? TestAccuracy,
    IReadOnlyDictionary<string, double> Methods,
    IReadOnlyList<EnsembleFileMember> Members)
{
    /// <summary>The file's name in its run's folder.</summary>
    public const string FileName = "ensemble.json";

    /// <summary>Writes the file into a run's output folder.</summary>
    public void Write(string directory) => StageJson.Write(Path.Combine(directory, FileName), this);

    /// <summary>The file of an Ensemble run's folder.</summary>
    public static EnsembleFile Read(string directory) => StageJson.Read<EnsembleFile>(Path.Combine(directory, FileName));
}

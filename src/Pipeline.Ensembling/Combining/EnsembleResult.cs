using Pipeline.Ensembling.Predictions;

namespace Pipeline.Ensembling.Combining;

/// <summary>
/// Combined prediction of an ensemble on one split. <see cref="Scores"/> is row-major Ids × Classes:
/// vote shares for <c>vote</c>, probabilities otherwise. <see cref="Predicted"/> is decided in double
/// precision with ties to the lowest class index, so it is exact even where float scores round equal.
/// </summary>
public sealed record EnsembleResult(
    string Method,
    string Split,
    IReadOnlyList<string> Ids,
    IReadOnlyList<string> Classes,
    IReadOnlyList<int> Labels,
    float[] Scores,
    IReadOnlyList<int> Predicted)
{
    /// <summary>As a <see cref="PredictionSet"/> (model <c>ensemble</c>, checkpoint the method), e.g. to serve as a pseudolabel teacher.</summary>
    public PredictionSet ToPredictionSet() =>
        new("ensemble", Method, PredictionSetExtensions.PlainTtaVersion, Split, Ids, Classes, Scores, Labels);
}

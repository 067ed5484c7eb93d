using Pipeline.Ensembling.Members;

namespace Pipeline.Ensembling.Combining;

/// <summary>
/// What <see cref="EnsembleRunner.Run"/> found: the expanded members with the weights actually used
/// (greedy: the pick counts, 0 for members left out), each member's own validation accuracy, every
/// reported method's validation accuracy (null and none without a validation split), and the configured method's result on validation and test.
/// </summary>
public sealed record EnsembleOutcome(
    string Method,
    IReadOnlyList<EnsembleMember> Members,
    IReadOnlyList<double?> MemberAccuracies,
    IReadOnlyList<MethodAccuracy> Methods,
    EnsembleResult Validation,
    EnsembleResult? Test,
    GreedyResult? Greedy);

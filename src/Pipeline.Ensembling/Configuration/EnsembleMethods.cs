namespace Pipeline.Ensembling.Configuration;

/// <summary>The names of the combination methods, as written in <c>experiments/ensemble.yaml</c>.</summary>
public static class EnsembleMethods
{
    /// <summary>Hard majority vote of the members' predicted classes, weighted; ties go to the lowest class index (the original's method).</summary>
    public const string Vote = "vote";

    /// <summary>Weighted arithmetic mean of the members' probabilities.</summary>
    public const string Mean = "mean";

    /// <summary>Weighted geometric mean of the members' probabilities, renormalised.</summary>
    public const string Geometric = "geometric";

    /// <summary>Mean of probabilities with weights found by greedy forward selection on validation (Caruana et al., 2004).</summary>
    public const string Greedy = "greedy";

    /// <summary>Every method, in the order reports list them.</summary>
    public static IReadOnlyList<string> All { get; } = [Vote, Mean, Geometric, Greedy];
}

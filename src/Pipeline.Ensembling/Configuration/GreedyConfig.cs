using System.ComponentModel.DataAnnotations;

namespace Pipeline.Ensembling.Configuration;

/// <summary>
/// Settings of greedy forward selection (Caruana et al., 2004, "Ensemble Selection from Libraries of
/// Models"): start from the <see cref="InitBest"/> best members, then for <see cref="Rounds"/> rounds add
/// the member that most improves validation accuracy; the best ensemble seen along the way wins.
/// YAML: <c>greedy: {rounds: 25, with_replacement: true, init_best: 1}</c>.
/// </summary>
public sealed record GreedyConfig
{
    /// <summary>How many members to add after initialisation (the most the ensemble grows by).</summary>
    [Range(1, 10_000)]
    public int Rounds { get; init; } = 25;

    /// <summary>Whether a member may be picked again, which is how selection expresses integer weights; Caruana found it avoids the early overfitting of selection without replacement.</summary>
    public bool WithReplacement { get; init; } = true;

    /// <summary>How many of the individually best members start the ensemble (the paper's "sorted ensemble initialization"); 0 starts empty.</summary>
    [Range(0, 10_000)]
    public int InitBest { get; init; } = 1;
}

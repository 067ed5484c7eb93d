namespace Pipeline.Reporting.Metrics;

/// <summary>The names of the ablation ladder's steps, in order, as written in <c>metrics.json</c>.</summary>
public static class LadderSteps
{
    /// <summary>Best single checkpoint on plain (un-augmented) predictions.</summary>
    public const string Single = "single";

    /// <summary>That checkpoint with its best TTA version.</summary>
    public const string Tta = "tta";

    /// <summary>Ensemble of every checkpoint and TTA version of that checkpoint's model ("poor man's ensembling").</summary>
    public const string CheckpointEnsemble = "checkpoint_ensemble";

    /// <summary>Ensemble of every model except the pseudolabel student.</summary>
    public const string ModelEnsemble = "model_ensemble";

    /// <summary>Ensemble of every model including the pseudolabel student.</summary>
    public const string Pseudolabel = "pseudolabel";

    /// <summary>Every step in ladder order.</summary>
    public static IReadOnlyList<string> All { get; } = [Single, Tta, CheckpointEnsemble, ModelEnsemble, Pseudolabel];
}

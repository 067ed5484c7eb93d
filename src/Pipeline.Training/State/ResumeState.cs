namespace Pipeline.Training.State;

/// <summary>
/// <c>state/progress.json</c>: how far a run got. Written atomically after every epoch, after the
/// model and optimizer files it names, so it never points at a half-written file. Every random
/// draw is derived from (seed, epoch, batch), so nothing else is needed to continue exactly.
/// </summary>
/// <param name="Fingerprint">Hash of the configuration and data sizes; state from another configuration is not resumed.</param>
/// <param name="CompletedEpochs">Epochs of the whole run finished (1-based count).</param>
/// <param name="PhaseIndex">Phase of the last finished epoch.</param>
/// <param name="CompletedInPhase">Epochs of that phase finished.</param>
/// <param name="ModelFile">Model weights after the last finished epoch, relative to the output folder (null once the run has finished).</param>
/// <param name="OptimizerFile">Optimizer state of that phase, relative to the output folder.</param>
/// <param name="Finished">The whole run is done; only the summary files may still need writing.</param>
public sealed record ResumeState(
    string Fingerprint,
    int CompletedEpochs,
    int PhaseIndex,
    int CompletedInPhase,
    string? ModelFile,
    string? OptimizerFile,
    bool Finished);

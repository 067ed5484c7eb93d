namespace Pipeline.Training.Metrics;

/// <summary>
/// One line of <c>metrics.jsonl</c>: an epoch of the whole run (1-based), its phase, training loss
/// and accuracy (on augmented batches), validation loss and accuracy (null when the experiment keeps no validation split), the learning rate of its last
/// step. Wall seconds and images per second are kept for the progress lines and the log only: they
/// are not written to metrics.jsonl, because a stage's output must be a pure function of its key
/// (timings would give every rebuild a new content hash and rerun everything downstream).
/// </summary>
public sealed record EpochMetrics(
    int Epoch,
    string Phase,
    int PhaseEpoch,
    double TrainLoss,
    double TrainAcc,
    double? ValLoss,
    double? ValAcc,
    double Lr,
    [property: System.Text.Json.Serialization.JsonIgnore] double Seconds,
    [property: System.Text.Json.Serialization.JsonIgnore] double ImagesPerSecond);

namespace Pipeline.Training.Metrics;

/// <summary>
/// One line of <c>metrics.jsonl</c>: an epoch of the whole run (1-based), its phase, training loss
/// and accuracy (on augmented batches), validation loss and accuracy, the learning rate of its last
/// step, wall seconds (training and validation) and training images per second.
/// </summary>
public sealed record EpochMetrics(
    int Epoch,
    string Phase,
    int PhaseEpoch,
    double TrainLoss,
    double TrainAcc,
    double ValLoss,
    double ValAcc,
    double Lr,
    double Seconds,
    double ImagesPerSecond);

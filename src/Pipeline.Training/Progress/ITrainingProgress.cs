using Pipeline.Training.Metrics;

namespace Pipeline.Training.Progress;

/// <summary>Where the trainer reports what it is doing: a live progress bar or plain log lines.</summary>
public interface ITrainingProgress
{
    void Message(string text);

    void EpochStarted(int epoch, int totalEpochs, string phase, int steps);

    void StepCompleted(int step, double loss, double lr);

    void EpochCompleted(EpochMetrics metrics, int totalEpochs);
}

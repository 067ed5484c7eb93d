using Pipeline.Training.Metrics;

namespace Pipeline.Training.Progress;

/// <summary>Sends every training event to two receivers (the console display and a structured observer).</summary>
public sealed class TeeTrainingProgress(ITrainingProgress first, ITrainingProgress second) : ITrainingProgress
{
    public void Message(string text)
    {
        first.Message(text);
        second.Message(text);
    }

    public void EpochStarted(int epoch, int totalEpochs, string phase, int steps)
    {
        first.EpochStarted(epoch, totalEpochs, phase, steps);
        second.EpochStarted(epoch, totalEpochs, phase, steps);
    }

    public void StepCompleted(int step, double loss, double lr)
    {
        first.StepCompleted(step, loss, lr);
        second.StepCompleted(step, loss, lr);
    }

    public void EpochCompleted(EpochMetrics metrics, int totalEpochs)
    {
        first.EpochCompleted(metrics, totalEpochs);
        second.EpochCompleted(metrics, totalEpochs);
    }
}

using System.Diagnostics;
using System.Globalization;
using Pipeline.Training.Metrics;

namespace Pipeline.Training.Progress;

/// <summary>
/// Plain lines for a redirected console (the engine's stage logs): one line per epoch, plus a step
/// line at most every <see cref="StepInterval"/> so a long epoch still shows life.
/// </summary>
public sealed class PlainTrainingProgress : ITrainingProgress
{
    private readonly TextWriter _log;
    private readonly Stopwatch _sinceStepLine = new();
    private int _steps;

    public PlainTrainingProgress(TextWriter log) => _log = log;

    public static TimeSpan StepInterval { get; } = TimeSpan.FromSeconds(30);

    public void Message(string text) => _log.WriteLine(text);

    public void EpochStarted(int epoch, int totalEpochs, string phase, int steps)
    {
        _steps = steps;
        _sinceStepLine.Restart();
        _log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"epoch {epoch}/{totalEpochs} [{phase}]: {steps} steps"));
    }

    public void StepCompleted(int step, double loss, double lr)
    {
        if (_sinceStepLine.Elapsed < StepInterval)
        {
            return;
        }

        _sinceStepLine.Restart();
        _log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  step {step}/{_steps} loss {loss:F4} lr {lr:G4}"));
    }

    public void EpochCompleted(EpochMetrics m, int totalEpochs)
        => _log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"epoch {m.Epoch}/{totalEpochs} [{m.Phase}] train loss {m.TrainLoss:F4} acc {m.TrainAcc:P1} | {(m.ValAcc is null ? "no validation split" : $"val loss {m.ValLoss:F4} acc {m.ValAcc:P1}")} | lr {m.Lr:G4} | {m.Seconds:F1} s, {m.ImagesPerSecond:F1} img/s | managed heap {GC.GetTotalMemory(false) / 1048576.0:F0} MiB"));
}

using System.Diagnostics;
using System.Globalization;
using Pipeline.Engine;
using Pipeline.Training.Metrics;
using Pipeline.Training.Progress;

namespace Pipeline.Stages.Kinds;

/// <summary>
/// Turns the trainer's events into structured progress reports for the orchestrator: one at each epoch start and
/// end, and step reports at most every <see cref="StepInterval"/> (a long run must not grow a huge progress file).
/// </summary>
internal sealed class StageTrainingProgress(IStageProgress progress, int batchSize) : ITrainingProgress
{
    private readonly Stopwatch _epochClock = new();
    private readonly Stopwatch _sinceReport = new();
    private string _phase = "";
    private int _epoch;
    private int _epochs;
    private int _steps;

    public static TimeSpan StepInterval { get; } = TimeSpan.FromSeconds(1);

    public void Message(string text)
    {
    }

    public void EpochStarted(int epoch, int totalEpochs, string phase, int steps)
    {
        (_epoch, _epochs, _phase, _steps) = (epoch, totalEpochs, phase, steps);
        _epochClock.Restart();
        _sinceReport.Restart();
        progress.Report(Report(0, null));
    }

    public void StepCompleted(int step, double loss, double lr)
    {
        if (_sinceReport.Elapsed < StepInterval && step < _steps)
        {
            return;
        }

        _sinceReport.Restart();
        var seconds = _epochClock.Elapsed.TotalSeconds;
        progress.Report(Report(step, seconds > 0 ? Math.Min(step * batchSize, int.MaxValue) / seconds : null) with
        {
            Detail = string.Create(CultureInfo.InvariantCulture, $"loss {loss:0.0000}"),
        });
    }

    public void EpochCompleted(EpochMetrics metrics, int totalEpochs) =>
        progress.Report(Report(_steps, metrics.ImagesPerSecond) with
        {
            EpochEnd = true,
            Fraction = (double)metrics.Epoch / totalEpochs,
            // Without a validation split (validation.fraction: 0) there is no accuracy to show: say so instead of a blank.
            Detail = metrics.ValAcc is { } accuracy
                ? string.Create(CultureInfo.InvariantCulture, $"val acc {accuracy:P1}")
                : string.Create(CultureInfo.InvariantCulture, $"no validation split, train acc {metrics.TrainAcc:P1}"),
        });

    private StageProgressReport Report(int step, double? imagesPerSecond) => new()
    {
        Time = DateTimeOffset.UtcNow,
        Phase = _phase,
        Epoch = _epoch,
        Epochs = _epochs,
        Step = step,
        Steps = _steps,
        ImagesPerSecond = imagesPerSecond,
        Fraction = _epochs > 0 && _steps > 0 ? (_epoch - 1 + (double)step / _steps) / _epochs : null,
    };
}

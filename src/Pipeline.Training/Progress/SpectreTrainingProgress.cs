using System.Globalization;
using Pipeline.Training.Metrics;
using Spectre.Console;

namespace Pipeline.Training.Progress;

/// <summary>A live Spectre.Console progress bar (run and current epoch) for an interactive console; epoch summaries print above it.</summary>
public sealed class SpectreTrainingProgress : ITrainingProgress
{
    private readonly ProgressTask _run;
    private readonly ProgressTask _epoch;

    private SpectreTrainingProgress(ProgressContext context, int totalEpochs)
    {
        _run = context.AddTask("training", maxValue: totalEpochs);
        _epoch = context.AddTask("epoch", maxValue: 1);
    }

    /// <summary>Runs <paramref name="body"/> under a progress display on <see cref="AnsiConsole"/>.</summary>
    public static void Run(int totalEpochs, int completedEpochs, Action<ITrainingProgress> body)
    {
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                var progress = new SpectreTrainingProgress(context, totalEpochs);
                progress._run.Value = completedEpochs;
                body(progress);
            });
    }

    public void Message(string text) => AnsiConsole.MarkupLine(Markup.Escape(text));

    public void EpochStarted(int epoch, int totalEpochs, string phase, int steps)
    {
        _epoch.Description = Markup.Escape($"epoch {epoch}/{totalEpochs} [{phase}]");
        _epoch.MaxValue = steps;
        _epoch.Value = 0;
    }

    public void StepCompleted(int step, double loss, double lr)
    {
        _epoch.Value = step;
        _epoch.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{_epoch.Description.Split(" loss ")[0]} loss {loss:F4}"));
    }

    public void EpochCompleted(EpochMetrics m, int totalEpochs)
    {
        _run.Increment(1);
        AnsiConsole.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"epoch {m.Epoch}/{totalEpochs} [{m.Phase}] train loss {m.TrainLoss:F4} acc {m.TrainAcc:P1} | {(m.ValAcc is null ? "no validation split" : $"val loss {m.ValLoss:F4} acc {m.ValAcc:P1}")} | {m.ImagesPerSecond:F1} img/s")));
    }
}

using Pipeline.Engine;
using Pipeline.Stages.Kinds;
using Pipeline.Training.Metrics;
using Xunit;

namespace Pipeline.Tests.Stages;

/// <summary>The epoch-end detail the build's progress lines show: validation accuracy, or a plain word when there is no validation split.</summary>
public sealed class StageTrainingProgressTests
{
    [Fact]
    public void Epoch_end_shows_the_validation_accuracy_or_says_there_is_none()
    {
        var reports = new Recorder();
        var progress = new StageTrainingProgress(reports, batchSize: 32);
        progress.EpochStarted(1, 2, "main", 10);
        progress.EpochCompleted(new EpochMetrics(1, "main", 1, 0.5, 0.8125, 0.4, 0.875, 1e-3, 2, 100), 2);
        progress.EpochStarted(2, 2, "main", 10);
        progress.EpochCompleted(new EpochMetrics(2, "main", 2, 0.4, 0.90625, null, null, 1e-3, 2, 100), 2);

        var ends = reports.All.Where(r => r.EpochEnd).Select(r => r.Detail).ToList();
        Assert.Equal(["val acc 87.5 %", "no validation split, train acc 90.6 %"], ends);
    }

    private sealed class Recorder : IStageProgress
    {
        public List<StageProgressReport> All { get; } = [];

        public void Report(StageProgressReport report) => All.Add(report);
    }
}

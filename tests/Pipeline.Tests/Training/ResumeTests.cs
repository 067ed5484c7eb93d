using Pipeline.Training;
using Pipeline.Training.Checkpoints;
using Pipeline.Training.Metrics;
using Xunit;

namespace Pipeline.Tests.Training;

[Collection(TorchCollection.Name)]
public sealed class ResumeTests
{
    /// <summary>
    /// Stops a run after epoch 1 (inside a frozen Adam phase) and again after epoch 3 (inside an SGD
    /// Nesterov phase), each time by cancelling at the next step the way a kill loses the epoch in
    /// progress, then resumes in a new run on the same folder. The checkpoints, their metrics and the
    /// per-epoch log must equal those of an uninterrupted run bit for bit.
    /// </summary>
    [Fact]
    public void Resumed_run_ends_with_the_same_weights_as_an_uninterrupted_one()
    {
        using var data = TinyData.Create();
        var straight = TempDirectory.Create("resume-straight");
        var broken = TempDirectory.Create("resume-broken");
        try
        {
            var config = Runs.Config(
                Runs.Phase("head", 2, layers: "head", augment: "noise"),
                Runs.Phase("all", 2, optimizer: "sgd", lr: 0.05, augment: "noise"));
            var model = TinyData.TinyModel(dropout: 0.3);
            var expected = TrainRunner.Run(config, model, data.Data, straight, Runs.Options());

            foreach (var stopAfter in new[] { 1, 3 })
            {
                using var cancel = new CancellationTokenSource();
                var options = Runs.Options() with
                {
                    Cancellation = cancel.Token,
                    EpochCompleted = m =>
                    {
                        if (m.Epoch == stopAfter)
                        {
                            cancel.Cancel();
                        }
                    },
                };
                Assert.ThrowsAny<OperationCanceledException>(() => TrainRunner.Run(config, model, data.Data, broken, options));
            }
            var resumed = TrainRunner.Run(config, model, data.Data, broken, Runs.Options());

            Assert.Equal(3, resumed.ResumedAfterEpoch);
            Assert.Equal(expected.Checkpoints.Select(c => (c.Name, c.Sha256, c.ValLoss, c.ValAccuracy)),
                resumed.Checkpoints.Select(c => (c.Name, c.Sha256, c.ValLoss, c.ValAccuracy)));
            Assert.Equal(
                File.ReadAllBytes(Path.Combine(straight, expected.Checkpoints[^1].File)),
                File.ReadAllBytes(Path.Combine(broken, resumed.Checkpoints[^1].File)));
            Assert.Equal(Comparable(MetricsLog.Read(straight)), Comparable(MetricsLog.Read(broken)));
            Assert.Equal(CheckpointManifest.Read(straight).Select(e => e.Sha256), CheckpointManifest.Read(broken).Select(e => e.Sha256));
        }
        finally
        {
            TempDirectory.Delete(straight);
            TempDirectory.Delete(broken);
        }
    }

    [Fact]
    public void Finished_run_is_not_trained_again()
    {
        using var data = TinyData.Create();
        var output = TempDirectory.Create("finished");
        try
        {
            var config = Runs.Config(Runs.Phase("p", 2));
            var first = TrainRunner.Run(config, TinyData.TinyModel(), data.Data, output, Runs.Options());
            int epochsSeen = 0;
            var log = new StringWriter();
            var second = TrainRunner.Run(config, TinyData.TinyModel(), data.Data, output, Runs.Options() with { EpochCompleted = _ => epochsSeen++, Log = log });
            Assert.Equal(0, epochsSeen);
            // The log says why a training run that "ran" trained nothing.
            Assert.Contains("all 2 epochs were trained by an earlier attempt that ended before its commit", log.ToString(), StringComparison.Ordinal);
            Assert.Equal(2, second.ResumedAfterEpoch);
            Assert.Equal(first.Checkpoints.Select(c => (c.Name, c.Sha256)), second.Checkpoints.Select(c => (c.Name, c.Sha256)));
        }
        finally
        {
            TempDirectory.Delete(output);
        }
    }

    [Fact]
    public void State_of_another_configuration_is_not_resumed()
    {
        using var data = TinyData.Create();
        var output = TempDirectory.Create("otherconfig");
        try
        {
            using var cancel = new CancellationTokenSource();
            var options = Runs.Options() with { Cancellation = cancel.Token, EpochCompleted = _ => cancel.Cancel() };
            Assert.ThrowsAny<OperationCanceledException>(() => TrainRunner.Run(Runs.Config(Runs.Phase("p", 3)), TinyData.TinyModel(), data.Data, output, options));
            var changed = Runs.Config(Runs.Phase("p", 3, lr: 5e-3));
            var log = new StringWriter();
            var result = TrainRunner.Run(changed, TinyData.TinyModel(), data.Data, output, Runs.Options() with { Log = log });
            Assert.Equal(0, result.ResumedAfterEpoch);
            Assert.Contains("another configuration", log.ToString());
            Assert.Equal(3, result.Epochs.Count);
        }
        finally
        {
            TempDirectory.Delete(output);
        }
    }

    // Everything but the wall-clock columns.
    private static IEnumerable<object> Comparable(IReadOnlyList<EpochMetrics> epochs)
        => epochs.Select(m => (object)(m.Epoch, m.Phase, m.PhaseEpoch, m.TrainLoss, m.TrainAcc, m.ValLoss, m.ValAcc, m.Lr));
}

namespace Pipeline.Tests.Reliability;

/// <summary>
/// An uninterrupted <c>TrainInception</c> build of the longer tiny training (<see cref="FaultExperiment.LongTraining"/>),
/// built on first use: the checkpoints that every interrupted, corrupted or concurrent build must end with.
/// </summary>
public sealed class TrainingReference : IDisposable
{
    private readonly Lazy<(FaultExperiment Experiment, IReadOnlyDictionary<string, string> Checkpoints)> _built = new(Build);

    /// <summary>SHA-256 of each <c>checkpoints/*.pt</c> of the reference run, by file name.</summary>
    public IReadOnlyDictionary<string, string> Checkpoints => _built.Value.Checkpoints;

    /// <summary>The size in bytes of one checkpoint of the tiny network.</summary>
    public long CheckpointBytes => new FileInfo(Directory.GetFiles(_built.Value.Experiment.TrainedModel("inception"), "*.pt", SearchOption.AllDirectories)[0]).Length;

    public void Dispose()
    {
        if (_built.IsValueCreated)
        {
            _built.Value.Experiment.Dispose();
        }
    }

    private static (FaultExperiment, IReadOnlyDictionary<string, string>) Build()
    {
        var experiment = new FaultExperiment().LongTraining();
        var run = experiment.Build("TrainInception");
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException($"the reference build failed:\n{run.All}");
        }

        return (experiment, experiment.CheckpointHashes("inception"));
    }
}

using Pipeline.Data.Shards;
using Pipeline.Stages.Experiments;

namespace Pipeline.Benchmarks;

/// <summary>What a worker process measures with: the experiment, the preprocessed shards, threads and repeats.</summary>
public sealed record WorkerContext
{
    public required Experiment Experiment { get; init; }

    /// <summary>Folder with <c>train.shard</c>, <c>val.shard</c> and <c>test.shard</c> (Preprocess's output).</summary>
    public required string DataDirectory { get; init; }

    public required int Threads { get; init; }

    /// <summary>Timed repeats per figure (after warm-up).</summary>
    public required int Repeats { get; init; }

    /// <summary>Where BenchmarkDotNet writes its own reports.</summary>
    public required string BenchmarkDotNetDirectory { get; init; }

    public required TextWriter Log { get; init; }

    public string PretrainedDirectory => Path.Combine(AppContext.BaseDirectory, "pretrained");

    public Shard OpenShard(string name)
    {
        var path = Path.Combine(DataDirectory, name);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"benchmark: {path} is missing (the Preprocess output the benchmark reads)", path);
        }

        return Shard.Open(path);
    }
}

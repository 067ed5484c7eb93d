namespace Pipeline.Benchmarks;

/// <summary>What the Benchmark target was asked for: where the repository and artifacts are, which experiment, how many torch threads.</summary>
/// <param name="Experiment">The experiment as given on the command line (<c>--experiment</c>).</param>
public sealed record BenchmarkRequest(string RepositoryRoot, string ArtifactsDirectory, string Experiment, int Threads)
{
    /// <summary>Where results go: <c>artifacts/bench/</c>.</summary>
    public string OutputDirectory => Path.Combine(ArtifactsDirectory, "bench");
}

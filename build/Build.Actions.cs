using Pipeline.Benchmarks;
using Pipeline.Cli;
using Pipeline.Stages.Actions;

namespace Pipeline.Build;

/// <summary>Action targets: run every time they are requested, never cached.</summary>
internal sealed partial class Build
{
    private Target Test => _ => _
        .Description("Run the test suite (tests/Pipeline.Tests); --filter EXPR selects tests; results in artifacts/test-results/")
        .Executes(() => TestAction.Run(RepositoryRoot, Path.Combine(ArtifactsDirectory, "test-results"), Options.TestFilter, Console.Out));

    private Target Clean => _ => _
        .Description("Delete artifacts/; with --experiment X only X's results")
        .Executes(() => CleanAction.Run(RepositoryRoot, ArtifactsDirectory, Options, Console.Out, Console.Error));

    private Target Gc => _ => _
        .Description("Remove cache entries no recent build uses and abandoned work folders (--keep N, --max-size SIZE); prints what it freed")
        .Executes(() => GcAction.Run(ArtifactsDirectory, Options, Console.Out, Console.Error));

    private Target Runs => _ => _
        .Description("The experiment's last builds (--last N) as a table: what changed, the metrics")
        .Executes(() => RunsAction.Run(RepositoryRoot, ArtifactsDirectory, Options, Console.Out, Console.Error));

    private Target Compare => _ => _
        .Description("Parameter and metric differences of two experiments (--experiment A --experiment B) or two builds (--build N --build M)")
        .Executes(() => CompareAction.Run(RepositoryRoot, ArtifactsDirectory, Options, Console.Out, Console.Error));

    private Target Benchmark => _ => _
        .Description("Performance figures (a)-(h) to artifacts/bench/*.json and a table; PIPELINE_BENCH_FIGURES picks figures (benchmarks/README.md)")
        .Executes(() => BenchmarkAction.Run(new BenchmarkRequest(RepositoryRoot, ArtifactsDirectory, Options.Experiment, Options.Threads), Console.Out));
}

using Pipeline.Tests.Support;
using Xunit;

namespace Pipeline.Tests.Reliability;

/// <summary>A broken experiment is rejected by the real build with exit code 2 and file:line:column, before any stage runs.</summary>
[Collection(ReliabilityCollection.Name)]
public sealed class BadConfigurationTests
{
    public static TheoryData<string, string, string, string, string> Cases => new()
    {
        // case, file, from, to, the expected message after "<experiment>/"
        { "unclosed mapping", "inception.yaml", "head: {kind: original, hidden: 16, dropout: 0.5, pooling: avg}", "head: {kind: original, hidden: 16\n  other: 1", "inception.yaml:4:9: YAML syntax error: the '{' opened here is never closed" },
        { "unclosed sequence", "tta.yaml", "versions: [-1, 0]", "versions: [-1, 0", "tta.yaml:1:11: YAML syntax error: the '[' opened here is never closed" },
        { "bad indentation", "tta.yaml", "copies: 2", "copies: 2\n  lr: 0.1", "tta.yaml:4:5: YAML syntax error: While scanning a plain scalar value, found invalid mapping." },
        { "unknown key", "inception.yaml", "optimizer: {name: adam", "optimzer: {name: adam", "inception.yaml:11:45: unknown key 'optimzer' in 'training.phases[0]'; did you mean 'optimizer'?" },
        { "wrong type", "inception.yaml", "batch_size: 16", "batch_size: sixteen", "inception.yaml:7:15: expected an integer for 'training.batch_size', got 'sixteen'" },
        { "negative learning rate", "inception.yaml", "lr: 0.003", "lr: -0.003", "inception.yaml:11:73: invalid 'training.phases[0].optimizer.lr': the learning rate must be a positive number, not -0.003" },
        { "dropout 1.5", "inception.yaml", "dropout: 0.5", "dropout: 1.5", "inception.yaml:4:47: 'model.head.dropout' must be between 0 and 0.99, got 1.5" },
        { "zero epochs", "inception.yaml", "epochs: 2", "epochs: 0", "inception.yaml:11:27: 'training.phases[0].epochs' must be between 1 and 100000, got 0" },
        { "missing checkpoint", "ensemble.yaml", "checkpoint: all_e2", "checkpoint: all_e9", "ensemble.yaml:3:33: member checkpoint 'all_e9' matches none of the checkpoints the Tta stage predicts with (tta.yaml checkpoints: last_k 2 ({dir}/tta.yaml:6)): resnet: head_e1, all_e2" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_bad_experiment_file_is_rejected_before_any_stage_runs(string fault, string file, string from, string to, string expected)
    {
        using var experiment = new FaultExperiment();
        experiment.Edit(file, from, to);

        var run = experiment.Build("TrainInception");

        Assert.True(run.ExitCode == 2, $"{fault}: exit code {run.ExitCode}\n{run.All}");
        Assert.Equal(
            $"error: {Path.Combine(experiment.Directory, expected.Replace("{dir}", experiment.Directory, StringComparison.Ordinal))}\nerror: the experiment has 1 problem(s); nothing was run\n",
            run.Error);
        AssertNothingRan(experiment.Artifacts);
    }

    [Fact]
    public void A_missing_experiment_folder_is_rejected_before_any_stage_runs()
    {
        using var experiment = new FaultExperiment();
        var missing = Path.Combine(experiment.Root, "no-such-experiment");

        var run = BuildProcess.Run(["TrainInception", "--experiment", missing, "--artifacts", experiment.Artifacts]);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"error: {missing}: experiment folder '{missing}' does not exist\nerror: the experiment has 1 problem(s); nothing was run\n", run.Error);
        AssertNothingRan(experiment.Artifacts);
    }

    private static void AssertNothingRan(string artifacts) =>
        Assert.False(Directory.Exists(artifacts), $"{artifacts} was created: something ran");
}

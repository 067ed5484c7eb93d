using Pipeline.Engine;
using Pipeline.Stages;
using Pipeline.Stages.Experiments;
using Pipeline.Stages.Graph;
using Pipeline.Tests.Support;
using Xunit;

namespace Pipeline.Tests.Stages;

/// <summary>What each run of the default experiment tells the scheduler about the cores it keeps busy (the core budget of --jobs).</summary>
public sealed class PipelineGraphCoresTests
{
    [Fact]
    public void Torch_runs_keep_their_threads_busy_data_runs_every_core_and_the_others_one()
    {
        var experiment = ExperimentLoader.Load("experiments", BuildProcess.RepositoryRoot);
        (string Name, string[] DependsOn, bool Instances)[] stages =
        [
            ("Preprocess", [], false), ("Train", ["Preprocess"], true), ("Pseudolabel", ["Train"], true),
            ("Tta", ["Pseudolabel"], false), ("Ensemble", ["Tta"], false), ("Preview", ["Preprocess"], false), ("Report", ["Ensemble", "Preview"], false),
        ];
        var declared = stages.Select(t => new Pipeline.Cli.TargetInfo(t.Name, "", t.DependsOn, [], true, null) { HasInstances = t.Instances }).ToList();
        var targets = Pipeline.Cli.TargetExpansion.Expand(declared, new Dictionary<string, IReadOnlyList<Pipeline.Cli.TargetInstance>>
        {
            ["Train"] = PipelineGraph.TrainTargets(experiment.Pipeline.Models),
            ["Pseudolabel"] = PipelineGraph.PseudolabelTargets(experiment.Pipeline.Models),
        });

        var graph = PipelineGraph.Create(experiment, targets, 3, "cpu");

        var cores = graph.RunsInOrder(["Report"]).ToDictionary(r => r.RunId, r => r.Cores);
        Assert.Equal(StageRun.AllCores, cores[PipelineGraph.SynthesizeRun]);
        Assert.Equal(StageRun.AllCores, cores[PipelineGraph.PreprocessRun]);
        Assert.Equal(3, cores["TrainResnet"]);
        Assert.Equal(3, cores["TrainInception"]);
        Assert.Equal(3, cores[PipelineGraph.PseudolabelRun]);
        Assert.All(cores.Where(c => c.Key.StartsWith("Tta", StringComparison.Ordinal)), c => Assert.Equal(3, c.Value));
        Assert.Equal(3, cores[PipelineGraph.PreviewRun]);
        Assert.Equal(1, cores[PipelineGraph.EnsembleRun]);
        Assert.Equal(1, cores[PipelineGraph.ReportRun]);
    }
}

using Pipeline.Engine;
using Pipeline.Tests.Engine.Support;
using Xunit;

namespace Pipeline.Tests.Engine;

/// <summary>Planning alone: a request is checked before anything is opened, and a plan changes nothing in the store.</summary>
public sealed class BuildPlannerTests : IDisposable
{
    private readonly EngineSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public void A_request_is_validated_against_the_graph_and_yields_its_closure_dependencies_first()
    {
        var graph = new ChainExperiment().Graph();

        Assert.Equal(["Prepare", "Train", "Report"], BuildPlanner.Validate(graph, new BuildRequest("Report")));
        Assert.Equal("No target requested.", Assert.Throws<EngineException>(() => BuildPlanner.Validate(graph, new BuildRequest())).Message);
        Assert.Equal(
            "Jobs must be at least 1 (got 0).",
            Assert.Throws<EngineException>(() => BuildPlanner.Validate(graph, new BuildRequest("Report") { Jobs = 0 })).Message);
        Assert.Equal(
            "--force names unknown target 'Trian'.",
            Assert.Throws<EngineException>(() => BuildPlanner.Validate(graph, new BuildRequest("Report") { ForceTargets = ["Trian"] })).Message);
    }

    [Fact]
    public void A_plan_keys_runs_whose_upstream_is_cached_and_writes_neither_entries_nor_lock_file()
    {
        var graph = new ChainExperiment().Graph();
        _sandbox.Build(graph, "Prepare");
        var lockBefore = File.ReadAllText(Path.Combine(_sandbox.Artifacts, "pipeline.lock.json"));
        var entriesBefore = _sandbox.Entries();

        var plan = new BuildPlanner(_sandbox.CreateSettings(), new ArtifactLayout(_sandbox.Artifacts), NullEngineEvents.Instance)
            .Plan(graph, new BuildRequest("Report"));

        var runs = plan.Targets.SelectMany(t => t.Runs).ToDictionary(r => r.RunId);
        Assert.False(runs["Prepare"].WillRun);
        Assert.True(runs["Train/main"].WillRun);
        Assert.NotNull(runs["Train/main"].Key);
        Assert.True(runs["Report"].WillRun);
        Assert.Null(runs["Report"].Key);
        Assert.Equal(entriesBefore, _sandbox.Entries());
        Assert.Equal(lockBefore, File.ReadAllText(Path.Combine(_sandbox.Artifacts, "pipeline.lock.json")));
    }
}

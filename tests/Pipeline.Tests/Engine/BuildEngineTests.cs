using Pipeline.Engine;
using Pipeline.Foundation;
using Pipeline.Tests.Engine.Support;
using Xunit;

namespace Pipeline.Tests.Engine;

public sealed class BuildEngineTests : IDisposable
{
    private readonly EngineSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public void Runs_execute_in_dependency_order_and_read_upstream_outputs()
    {
        var result = _sandbox.Build(new ChainExperiment().Graph(), "All");

        Assert.True(result.Succeeded, string.Join("\n", result.Failures));
        Assert.Equal(["Prepare", "Train/main", "Report", "Extra"], _sandbox.Executions());
        Assert.Equal(["Prepare", "Train", "Report", "Extra", "All"], result.Targets.Select(t => t.Target));
        Assert.Equal(
            [RunStatus.Ran, RunStatus.Ran, RunStatus.Ran, RunStatus.Ran, RunStatus.Cached],
            result.Targets.Select(t => t.Status));
        var report = result.Runs.Single(r => r.RunId == "Report");
        var upstream = File.ReadAllText(Path.Combine(_sandbox.EntryDirectory(report.Key!), "upstream.txt"));
        Assert.Equal("Train/main:b.txt=b\nTrain/main:upstream.txt=Prepare:a.txt=a\n\n", upstream);
        Assert.Equal("val_accuracy 0.8313", result.Targets.Single(t => t.Target == "Report").Headline);
    }

    [Fact]
    public void Second_build_is_all_cached_and_executes_nothing()
    {
        var graph = new ChainExperiment().Graph();
        _sandbox.Build(graph, "All");
        _sandbox.ResetCounter();

        var result = _sandbox.Build(graph, "All");

        Assert.True(result.Succeeded);
        Assert.Empty(_sandbox.Executions());
        Assert.All(result.Runs, r => Assert.Equal(RunStatus.Cached, r.Status));
        Assert.Empty(result.Executed);
    }

    [Fact]
    public void Editing_one_parameter_reruns_exactly_that_run_and_its_dependents()
    {
        var experiment = new ChainExperiment();
        _sandbox.Build(experiment.Graph(), "All");
        _sandbox.ResetCounter();

        var result = _sandbox.Build((experiment with { TrainText = "b2" }).Graph(), "All");

        Assert.True(result.Succeeded);
        Assert.Equal(["Train/main", "Report"], _sandbox.Executions());
        Assert.Equal(RunStatus.Cached, result.Targets.Single(t => t.Target == "Prepare").Status);
        Assert.Equal(RunStatus.Cached, result.Targets.Single(t => t.Target == "Extra").Status);
    }

    [Fact]
    public void Editing_a_value_no_run_reads_reruns_nothing()
    {
        var experiment = new ChainExperiment();
        _sandbox.Build(experiment.Graph(), "Report");
        _sandbox.ResetCounter();

        var edited = (experiment with { Unused = "changed" }).Graph();
        var plan = _sandbox.RenderPlan(edited, "Report");
        var result = _sandbox.Build(edited, "Report");

        Assert.DoesNotContain("run", plan, StringComparison.Ordinal);
        Assert.Empty(_sandbox.Executions());
        Assert.All(result.Runs, r => Assert.Equal(RunStatus.Cached, r.Status));
    }

    [Fact]
    public void A_code_identity_change_reruns_the_run_and_identical_output_keeps_dependents_cached()
    {
        var experiment = new ChainExperiment();
        _sandbox.Build(experiment.Graph(), "All");
        _sandbox.ResetCounter();

        var result = _sandbox.Build((experiment with { TrainCode = "train-v2" }).Graph(), "All");

        // Train reran with the new code; its output bytes are the same, so Report's key is unchanged.
        Assert.Equal(["Train/main"], _sandbox.Executions());
        Assert.Equal(RunStatus.Ran, result.Runs.Single(r => r.RunId == "Train/main").Status);
        Assert.Equal(RunStatus.Cached, result.Runs.Single(r => r.RunId == "Report").Status);
    }

    [Fact]
    public void A_changed_data_input_reruns_its_reader()
    {
        _sandbox.WriteInput("data/train.csv", "id,label\n1,a\n");
        var experiment = new ChainExperiment { DataFile = "data/train.csv" };
        _sandbox.Build(experiment.Graph(), "Train");
        _sandbox.ResetCounter();

        _sandbox.WriteInput("data/train.csv", "id,label\n1,b\n");
        var plan = _sandbox.RenderPlan(experiment.Graph(), "Train");
        _sandbox.Build(experiment.Graph(), "Train");

        Assert.Equal("Prepare: run (input changed: data/train.csv)\nTrain: run (input may change: Prepare)\n", plan);
        Assert.Equal(["Prepare", "Train/main"], _sandbox.Executions());
    }

    [Fact]
    public void Force_with_targets_reruns_those_even_when_cached()
    {
        var graph = new ChainExperiment().Graph();
        _sandbox.Build(graph, "All");
        _sandbox.ResetCounter();

        var request = new BuildRequest("All") { ForceTargets = ["Prepare", "Extra"] };
        var plan = _sandbox.Plan(graph, request).Render();
        var result = _sandbox.Build(graph, request);

        Assert.Equal(
            "Prepare: run (forced)\nTrain: run (input may change: Prepare)\nReport: run (input may change: Train)\nExtra: run (forced)\nAll: cached\n",
            plan);
        Assert.True(result.Succeeded);
        // Prepare's output is byte-identical, so what reads it stays cached.
        Assert.Equal(["Prepare", "Extra"], _sandbox.Executions());
    }

    [Fact]
    public void Force_without_targets_forces_the_requested_targets()
    {
        var graph = new ChainExperiment().Graph();
        _sandbox.Build(graph, "Train");
        _sandbox.ResetCounter();

        var result = _sandbox.Build(graph, new BuildRequest("Train") { ForceRequested = true });

        Assert.True(result.Succeeded);
        Assert.Equal(["Train/main"], _sandbox.Executions());
    }

    [Fact]
    public void A_failed_stage_fails_the_build_skips_dependents_and_names_its_log()
    {
        var runs = new ChainExperiment().Runs()
            .Select(r => r.RunId == "Train/main" ? r with { Kind = "fail", Parameters = new() { ["exit_code"] = 7 } } : r)
            .ToList();
        var events = new RecordingEvents();

        var result = _sandbox.Build(new BuildGraph(ChainExperiment.Targets, runs), new BuildRequest("All"), events);

        Assert.False(result.Succeeded);
        Assert.Equal(1, result.ExitCode);
        var train = result.Runs.Single(r => r.RunId == "Train/main");
        Assert.Equal(RunStatus.Failed, train.Status);
        var logPath = Path.Combine(_sandbox.Artifacts, "logs", "Train_main.log");
        Assert.Equal($"Train/main failed: exit code 7; log: {logPath}\n  failing on purpose with exit code 7", train.Message);
        Assert.Contains("about to fail", File.ReadAllText(logPath), StringComparison.Ordinal);
        Assert.Equal(RunStatus.Skipped, result.Runs.Single(r => r.RunId == "Report").Status);
        Assert.Equal(RunStatus.Ran, result.Runs.Single(r => r.RunId == "Extra").Status);
        Assert.Equal(RunStatus.Skipped, result.Targets.Single(t => t.Target == "All").Status);
        Assert.Contains(events.Messages, m => m == $"Error: Train/main failed: exit code 7; log: {logPath}\n  failing on purpose with exit code 7");
        Assert.Equal(["Prepare", "Train/main", "Extra"], _sandbox.Executions());
    }

    [Fact]
    public void Missing_data_input_fails_the_run_with_its_path()
    {
        var graph = new ChainExperiment { DataFile = "data/missing.csv" }.Graph();

        var plan = _sandbox.RenderPlan(graph, "Prepare");
        var result = _sandbox.Build(graph, "Prepare");

        Assert.Equal("Prepare: run (input not found: data/missing.csv)\n", plan);
        Assert.False(result.Succeeded);
        Assert.StartsWith("Prepare: input not found: data/missing.csv", result.Failures.Single(), StringComparison.Ordinal);
        Assert.Empty(_sandbox.Executions());
    }

    [Fact]
    public void Friendly_paths_point_into_the_store_and_follow_new_outputs()
    {
        var experiment = new ChainExperiment();
        var first = _sandbox.Build(experiment.Graph(), "Report");
        var model = Path.Combine(_sandbox.Artifacts, "models", "train");
        var report = Path.Combine(_sandbox.Artifacts, "report.txt");

        Assert.Equal("b", File.ReadAllText(Path.Combine(model, "b.txt")));
        Assert.Equal(_sandbox.EntryDirectory(first.Runs.Single(r => r.RunId == "Train/main").Key!), Path.GetFullPath(Path.Combine(Path.GetDirectoryName(model)!, new DirectoryInfo(model).LinkTarget!)));
        Assert.StartsWith("Train/main:b.txt=b\n", File.ReadAllText(report), StringComparison.Ordinal);

        _sandbox.Build((experiment with { TrainText = "b2" }).Graph(), "Report");

        Assert.Equal("b2", File.ReadAllText(Path.Combine(model, "b.txt")));
        Assert.StartsWith("Train/main:b.txt=b2\n", File.ReadAllText(report), StringComparison.Ordinal);
    }

    [Fact]
    public void The_lock_file_records_every_run_with_its_key_material()
    {
        _sandbox.WriteInput("data/train.csv", "id\n");
        var result = _sandbox.Build(new ChainExperiment { DataFile = "data/train.csv" }.Graph(), "Report");

        var lockFile = PipelineLockFile.Load(Path.Combine(_sandbox.Artifacts, "pipeline.lock.json"), NullEngineEvents.Instance);

        Assert.Equal(["Prepare", "Report", "Train/main"], lockFile.Runs.Keys);
        var train = lockFile.Runs["Train/main"];
        var trainResult = result.Runs.Single(r => r.RunId == "Train/main");
        Assert.Equal("Train", train.Target);
        Assert.Equal("write", train.Kind);
        Assert.Equal(trainResult.Key, train.Key);
        Assert.Equal(trainResult.Manifest!.ContentHash, train.Output);
        Assert.Equal("0.001", JsonFlattener.Flatten(train.Parameters)["optimizer.lr"]);
        Assert.Equal("experiments/train.yaml", train.ParameterSources["optimizer.lr"]);
        Assert.Equal("train-v1", train.Code);
        var prepare = result.Runs.Single(r => r.RunId == "Prepare");
        Assert.Equal(prepare.Key, train.UpstreamRuns["Prepare"].Key);
        Assert.Equal("Prepare", train.UpstreamRuns["Prepare"].Target);
        Assert.Equal(prepare.Manifest!.ContentHash, train.Upstream["Prepare"]);
        Assert.Equal(["data/train.csv"], lockFile.Runs["Prepare"].Inputs.Keys);
    }
}

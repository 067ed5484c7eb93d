using System.Text.Json.Nodes;
using Pipeline.Engine;
using Pipeline.Tests.Engine.Support;
using Xunit;

namespace Pipeline.Tests.Engine;

public sealed class PlanTests : IDisposable
{
    private readonly EngineSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public void Fresh_plan_says_no_cache_entry_for_every_run_and_executes_nothing()
    {
        var plan = _sandbox.RenderPlan(new ChainExperiment().Graph(), "All");

        Assert.Equal(
            """
            Prepare: run (no cache entry)
            Train: run (no cache entry)
            Report: run (no cache entry)
            Extra: run (no cache entry)
            All: cached

            """.ReplaceLineEndings("\n"),
            plan);
        Assert.Empty(_sandbox.Executions());
        Assert.Empty(_sandbox.Entries());
    }

    /// <summary>A run's estimate is the duration its last build recorded in the manifest; a run never built has none.</summary>
    [Fact]
    public void Plan_estimates_each_run_from_the_duration_in_its_last_manifest_or_says_unknown()
    {
        var experiment = new ChainExperiment();
        var built = _sandbox.Build(experiment.Graph(), "Train");
        var seconds = built.Runs.Single(r => r.RunId == "Train/main").Manifest!.DurationSeconds!.Value;

        var plan = _sandbox.Plan(experiment.Graph(), new BuildRequest("Report") { ForceTargets = ["Train"] });

        Assert.Equal(TimeSpan.FromSeconds(seconds), plan["Train"].Runs.Single().Estimate);
        Assert.Null(plan["Report"].Runs.Single().Estimate);
        Assert.Null(plan["Prepare"].Runs.Single().Estimate);
        Assert.Equal(
            $"""
            Prepare: cached
            Train: run (forced)
              Train/main: estimated {DurationText.Format(TimeSpan.FromSeconds(seconds))}
            Report: run (no cache entry)
              Report: estimated unknown

            """.ReplaceLineEndings("\n"),
            plan.Render(estimates: true));
    }

    [Fact]
    public void Plan_names_each_changed_parameter_with_its_source_file()
    {
        var experiment = new ChainExperiment();
        _sandbox.Build(experiment.Graph(), "Report");

        var plan = _sandbox.RenderPlan((experiment with { LearningRate = 0.002, ReportText = "c2" }).Graph(), "Report");

        Assert.Equal(
            """
            Prepare: cached
            Train: run (experiments/train.yaml: optimizer.lr 0.001 -> 0.002)
            Report: run (experiments/report.yaml: files.c.txt "c" -> "c2", input may change: Train)

            """.ReplaceLineEndings("\n"),
            plan);
    }

    /// <summary>Builds the chain, then plans Train with its optimizer parameters replaced by <paramref name="optimizer"/>.</summary>
    private BuildPlan PlanTrainWithOptimizer(JsonObject optimizer)
    {
        var experiment = new ChainExperiment();
        _sandbox.Build(experiment.Graph(), "Train");
        var runs = experiment.Runs().Select(r => r.RunId == "Train/main"
            ? r with
            {
                Parameters = new JsonObject
                {
                    ["files"] = new JsonObject { ["b.txt"] = "b" },
                    ["concat_upstream"] = true,
                    ["optimizer"] = optimizer,
                },
            }
            : r);
        return _sandbox.Plan(new BuildGraph(ChainExperiment.Targets, runs), new BuildRequest("Train"));
    }

    [Fact]
    public void Plan_names_added_and_removed_parameters()
    {
        var plan = PlanTrainWithOptimizer(new JsonObject { ["momentum"] = 0.9 });

        Assert.Equal(
            ["experiments/train.yaml: optimizer.lr 0.001 -> (none)", "experiments/train.yaml: optimizer.momentum (none) -> 0.9"],
            plan["Train"].Reasons);
    }

    [Fact]
    public void Plan_lists_a_few_changes_one_by_one_and_summarises_a_group_of_many()
    {
        var plan = PlanTrainWithOptimizer(new JsonObject
        {
            ["lr"] = 0.002,
            ["adam"] = new JsonObject { ["beta1"] = 0.9, ["beta2"] = 0.999, ["eps"] = 1e-8, ["amsgrad"] = false },
        });

        // Four new leaves under optimizer.adam read as one reason; the lone change of optimizer.lr is listed as it is.
        Assert.Equal(
            ["experiments/train.yaml: optimizer.adam (4 changes)", "experiments/train.yaml: optimizer.lr 0.001 -> 0.002"],
            plan["Train"].Reasons);
    }

    [Fact]
    public void Plan_says_code_changed()
    {
        var experiment = new ChainExperiment();
        _sandbox.Build(experiment.Graph(), "Train");

        var plan = _sandbox.RenderPlan((experiment with { TrainCode = "train-v2" }).Graph(), "Train");

        Assert.Equal("Prepare: cached\nTrain: run (code changed)\n", plan);
    }

    [Fact]
    public void Plan_says_which_upstream_target_changed_when_it_was_rebuilt_alone()
    {
        var experiment = new ChainExperiment();
        _sandbox.Build(experiment.Graph(), "Report");
        var edited = experiment with { TrainText = "b2" };
        _sandbox.Build(edited.Graph(), "Train");

        var plan = _sandbox.RenderPlan(edited.Graph(), "Report");

        Assert.Equal("Prepare: cached\nTrain: cached\nReport: run (input changed: Train)\n", plan);
    }

    [Fact]
    public void Plan_reports_a_deleted_and_a_corrupt_entry()
    {
        var experiment = new ChainExperiment();
        var built = _sandbox.Build(experiment.Graph(), "All");
        Directory.Delete(_sandbox.EntryDirectory(built.Runs.Single(r => r.RunId == "Extra").Key!), recursive: true);
        var trainEntry = _sandbox.EntryDirectory(built.Runs.Single(r => r.RunId == "Train/main").Key!);
        File.WriteAllText(Path.Combine(trainEntry, "b.txt"), "X");

        var plan = _sandbox.RenderPlan(experiment.Graph(), "All");

        Assert.Equal(
            """
            Prepare: cached
            Train: run (cache entry corrupt (b.txt: content hash mismatch))
            Report: run (input may change: Train)
            Extra: run (no cache entry)
            All: cached

            """.ReplaceLineEndings("\n"),
            plan);
    }

    [Fact]
    public void Plan_of_a_target_with_several_runs_prefixes_reasons_by_run_id()
    {
        TargetDefinition[] targets = [new("Tta", "one run per model")];
        StageRun Tta(string model, double lr) => new("Tta", $"Tta/{model}", "write")
        {
            Parameters = new JsonObject { ["files"] = new JsonObject { ["p.txt"] = model }, ["optimizer"] = new JsonObject { ["lr"] = lr } },
            ParameterSources = new Dictionary<string, string> { [""] = $"experiments/{model}.yaml" },
        };
        _sandbox.Build(new BuildGraph(targets, [Tta("resnet", 0.001), Tta("inception", 0.001)]), "Tta");

        var plan = _sandbox.RenderPlan(new BuildGraph(targets, [Tta("resnet", 0.002), Tta("inception", 0.001)]), "Tta");
        var fresh = new EngineSandbox();
        var freshPlan = fresh.RenderPlan(new BuildGraph(targets, [Tta("resnet", 0.002), Tta("inception", 0.001)]), "Tta");
        fresh.Dispose();

        Assert.Equal("Tta: run (Tta/resnet: experiments/resnet.yaml: optimizer.lr 0.001 -> 0.002)\n", plan);
        Assert.Equal("Tta: run (no cache entry)\n", freshPlan);
    }

    [Fact]
    public void Plan_is_honest_cached_exactly_when_the_build_executes_nothing()
    {
        var experiment = new ChainExperiment();
        var edited = experiment with { PrepareText = "a2" };
        (BuildGraph Graph, BuildRequest Request, Action? Before)[] scenarios =
        [
            (experiment.Graph(), new BuildRequest("All"), null),
            (experiment.Graph(), new BuildRequest("All"), null),
            (edited.Graph(), new BuildRequest("All"), null),
            (edited.Graph(), new BuildRequest("All") { ForceTargets = ["Report"] }, null),
            (edited.Graph(), new BuildRequest("All"), () => CorruptFirstEntryFile("Extra")),
            (edited.Graph(), new BuildRequest("All"), () => DeleteEntry("Report")),
            ((edited with { TrainCode = "train-v9" }).Graph(), new BuildRequest("Report"), null),
        ];

        foreach (var (graph, request, before) in scenarios)
        {
            before?.Invoke();
            var plan = _sandbox.Plan(graph, request);
            _sandbox.ResetCounter();
            var result = _sandbox.Build(graph, request);
            var executed = _sandbox.Executions().ToHashSet();

            Assert.True(result.Succeeded);
            foreach (var run in plan.Targets.SelectMany(t => t.Runs))
            {
                var certain = !run.Reasons.Any(r => r.StartsWith("input may change", StringComparison.Ordinal));
                if (!run.WillRun || certain)
                {
                    Assert.True(run.WillRun == executed.Contains(run.RunId), $"plan said {run.RunId}: {(run.WillRun ? "run" : "cached")}, build {(executed.Contains(run.RunId) ? "executed it" : "did not")}");
                }
            }

            foreach (var target in plan.Targets.Where(t => !t.WillRun))
            {
                Assert.DoesNotContain(target.Runs, r => executed.Contains(r.RunId));
            }
        }
    }

    private void CorruptFirstEntryFile(string runId)
    {
        var key = LastKey(runId);
        var file = Directory.EnumerateFiles(_sandbox.EntryDirectory(key)).First(f => Path.GetFileName(f) != "manifest.json");
        var bytes = File.ReadAllBytes(file);
        bytes[0] ^= 0x20;
        File.WriteAllBytes(file, bytes);
    }

    private void DeleteEntry(string runId) => Directory.Delete(_sandbox.EntryDirectory(LastKey(runId)), recursive: true);

    private string LastKey(string runId) =>
        PipelineLockFile.Load(Path.Combine(_sandbox.Artifacts, "pipeline.lock.json"), NullEngineEvents.Instance).Runs[runId].Key;
}

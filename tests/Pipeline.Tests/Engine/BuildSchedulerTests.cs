using Pipeline.Engine;
using Pipeline.Tests.Engine.Support;
using Xunit;

namespace Pipeline.Tests.Engine;

/// <summary>The scheduler alone, with scripted steps in place of stage processes: order, parallelism, slots, skips.</summary>
public sealed class BuildSchedulerTests
{
    [Fact]
    public async Task Runs_start_after_their_upstream_and_never_more_than_the_job_count_at_once()
    {
        var runs = Runs(("A", []), ("B", ["A"]), ("C", ["A"]), ("D", ["B", "C"]), ("E", []));
        var steps = new ScriptedSteps();

        await new BuildScheduler(runs, jobs: 2, cores: 8, NullEngineEvents.Instance).RunAsync(steps, CancellationToken.None);

        Assert.Equal(2, steps.MaxConcurrent);
        Assert.True(steps.Started.IndexOf("A") < steps.Started.IndexOf("B"));
        Assert.True(steps.Started.IndexOf("A") < steps.Started.IndexOf("C"));
        Assert.Equal("D", steps.Started[^1]);
        Assert.Equal(["A", "B", "C", "D", "E"], steps.Started.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task With_one_job_runs_execute_one_at_a_time_in_graph_order()
    {
        var runs = Runs(("A", []), ("B", ["A"]), ("C", []), ("D", ["B"]));
        var steps = new ScriptedSteps();

        await new BuildScheduler(runs, jobs: 1, cores: 8, NullEngineEvents.Instance).RunAsync(steps, CancellationToken.None);

        Assert.Equal(1, steps.MaxConcurrent);
        Assert.Equal(["A", "B", "C", "D"], steps.Started);
    }

    [Fact]
    public async Task A_failed_run_skips_its_dependents_and_independent_runs_still_complete()
    {
        var runs = Runs(("A", []), ("B", ["A"]), ("C", ["B"]), ("E", []));
        var steps = new ScriptedSteps { Failing = { "A" } };
        var events = new RecordingEvents();
        var scheduler = new BuildScheduler(runs, jobs: 1, cores: 8, events);

        await scheduler.RunAsync(steps, CancellationToken.None);

        Assert.Equal(RunStatus.Failed, scheduler.States["A"].Result!.Status);
        Assert.Equal(RunStatus.Skipped, scheduler.States["B"].Result!.Status);
        Assert.Equal("B skipped: A did not complete", scheduler.States["B"].Result!.Message);
        Assert.Equal("C skipped: B did not complete", scheduler.States["C"].Result!.Message);
        Assert.Equal(RunStatus.Ran, scheduler.States["E"].Result!.Status);
        Assert.Equal(["A", "E"], steps.Started);
        Assert.Contains("Error: A failed", events.Messages);
    }

    [Fact]
    public async Task Running_runs_hold_distinct_job_slots()
    {
        var runs = Runs(("A", []), ("B", []), ("C", []));
        var steps = new ScriptedSteps();

        await new BuildScheduler(runs, jobs: 3, cores: 8, NullEngineEvents.Instance).RunAsync(steps, CancellationToken.None);

        Assert.Equal([0, 1, 2], steps.Slots.Values.Order());
    }

    [Fact]
    public async Task A_run_whose_key_another_run_is_producing_waits_then_settles_as_cached()
    {
        var runs = Runs(("A", []), ("B", []));
        var steps = new ScriptedSteps { Keys = { ["A"] = "same", ["B"] = "same" } };
        var scheduler = new BuildScheduler(runs, jobs: 2, cores: 8, NullEngineEvents.Instance);

        await scheduler.RunAsync(steps, CancellationToken.None);

        Assert.Equal(["A"], steps.Started);
        Assert.Equal(RunStatus.Ran, scheduler.States["A"].Result!.Status);
        Assert.Equal(RunStatus.Cached, scheduler.States["B"].Result!.Status);
    }

    [Fact]
    public async Task A_settled_or_unstartable_run_is_finished_without_executing()
    {
        var runs = Runs(("A", []), ("B", []), ("C", ["B"]));
        var steps = new ScriptedSteps { Cached = { "A" }, Unstartable = { "B" } };
        var scheduler = new BuildScheduler(runs, jobs: 1, cores: 8, NullEngineEvents.Instance);

        await scheduler.RunAsync(steps, CancellationToken.None);

        Assert.Empty(steps.Started);
        Assert.Equal(RunStatus.Cached, scheduler.States["A"].Result!.Status);
        Assert.Equal(RunStatus.Failed, scheduler.States["B"].Result!.Status);
        Assert.Equal(RunStatus.Skipped, scheduler.States["C"].Result!.Status);
    }

    [Fact]
    public async Task A_cancelled_build_skips_every_run_not_yet_started()
    {
        var runs = Runs(("A", []), ("B", ["A"]));
        var steps = new ScriptedSteps();
        var scheduler = new BuildScheduler(runs, jobs: 1, cores: 8, NullEngineEvents.Instance);

        await scheduler.RunAsync(steps, new CancellationToken(canceled: true));

        Assert.Empty(steps.Started);
        Assert.Equal("A skipped: the build was cancelled", scheduler.States["A"].Result!.Message);
        Assert.Equal(RunStatus.Skipped, scheduler.States["B"].Result!.Status);
    }

    [Fact]
    public async Task Runs_that_each_fill_the_core_budget_run_one_after_the_other_whatever_the_job_count()
    {
        // Two training stages with 2 torch threads each on a 2-core machine: with --jobs 2 they would fight.
        var runs = Runs(("Preprocess", []), ("TrainA", ["Preprocess"]), ("TrainB", ["Preprocess"])).Select(r => r with { Cores = 2 }).ToList();
        var steps = new ScriptedSteps();

        await new BuildScheduler(runs, jobs: 2, cores: 2, NullEngineEvents.Instance).RunAsync(steps, CancellationToken.None);

        Assert.Equal(1, steps.MaxConcurrent);
        Assert.Equal(["Preprocess", "TrainA", "TrainB"], steps.Started);
        Assert.All(steps.CoresGiven.Values, given => Assert.Equal(2, given));
    }

    [Fact]
    public async Task Runs_whose_cores_fit_the_budget_together_run_at_the_same_time_and_are_given_their_own_count()
    {
        var runs = Runs(("TrainA", []), ("TrainB", [])).Select(r => r with { Cores = 2 }).ToList();
        var steps = new ScriptedSteps();

        await new BuildScheduler(runs, jobs: 2, cores: 4, NullEngineEvents.Instance).RunAsync(steps, CancellationToken.None);

        Assert.Equal(2, steps.MaxConcurrent);
        Assert.Equal(2, steps.CoresGiven["TrainA"]);
        Assert.Equal(2, steps.CoresGiven["TrainB"]);
    }

    [Fact]
    public async Task A_small_run_uses_the_cores_a_larger_one_leaves()
    {
        var runs = new List<StageRun>
        {
            new("Train", "Train", "write") { Cores = 2 },
            new("Preview", "Preview", "write") { Cores = 1 },
            new("Report", "Report", "write") { Cores = 1 },
        };
        var steps = new ScriptedSteps();

        await new BuildScheduler(runs, jobs: 3, cores: 3, NullEngineEvents.Instance).RunAsync(steps, CancellationToken.None);

        // Train (2) + Preview (1) fill the 3 cores; Report waits for one of them.
        Assert.Equal(2, steps.MaxConcurrent);
        Assert.Equal(["Train", "Preview", "Report"], steps.Started);
    }

    [Fact]
    public async Task A_run_needing_more_cores_than_the_budget_runs_alone_with_the_whole_budget()
    {
        // --threads 4 on a 2-core machine: the user asked for it, so it runs, but never beside another run.
        var runs = new List<StageRun>
        {
            new("Wide", "Wide", "write") { Cores = 4 },
            new("Other", "Other", "write") { Cores = 1 },
            new("All", "All", "write") { Cores = StageRun.AllCores },
        };
        var steps = new ScriptedSteps();

        await new BuildScheduler(runs, jobs: 3, cores: 2, NullEngineEvents.Instance).RunAsync(steps, CancellationToken.None);

        Assert.Equal(1, steps.MaxConcurrent);
        Assert.Equal(2, steps.CoresGiven["Wide"]);
        Assert.Equal(1, steps.CoresGiven["Other"]);
        Assert.Equal(2, steps.CoresGiven["All"]);
    }

    [Fact]
    public async Task With_one_job_each_run_is_given_the_whole_budget()
    {
        var runs = Runs(("A", []), ("B", ["A"])).Select(r => r with { Cores = 2 }).ToList();
        var steps = new ScriptedSteps();

        await new BuildScheduler(runs, jobs: 1, cores: 6, NullEngineEvents.Instance).RunAsync(steps, CancellationToken.None);

        Assert.Equal(6, steps.CoresGiven["A"]);
        Assert.Equal(6, steps.CoresGiven["B"]);
    }

    private static List<StageRun> Runs(params (string Id, string[] Upstream)[] runs) =>
        runs.Select(r => new StageRun(r.Id, r.Id, "write") { Upstream = r.Upstream }).ToList();

    /// <summary>Steps that execute nothing: each execution takes a few milliseconds and records what was running.</summary>
    private sealed class ScriptedSteps : IRunSteps
    {
        private readonly HashSet<string> _produced = new(StringComparer.Ordinal);
        private int _running;

        public HashSet<string> Failing { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Cached { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Unstartable { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, string> Keys { get; } = new(StringComparer.Ordinal);

        public List<string> Started { get; } = [];

        public Dictionary<string, int> Slots { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, int> CoresGiven { get; } = new(StringComparer.Ordinal);

        public int MaxConcurrent { get; private set; }

        public RunResult? Settle(RunState state)
        {
            var run = state.Run;
            var key = Keys.GetValueOrDefault(run.RunId, run.RunId);
            if (Cached.Contains(run.RunId) || _produced.Contains(key))
            {
                return Result(run, RunStatus.Cached) with { Key = key };
            }

            state.Evaluation ??= new RunEvaluation { Run = run, Key = key, WillRun = true, Reasons = ["no cache entry"] };
            return null;
        }

        public RunResult? Prepare(RunState state) =>
            Unstartable.Contains(state.Run.RunId) ? Result(state.Run, RunStatus.Failed) with { Message = $"{state.Run.RunId} cannot start" } : null;

        public async Task<RunResult> ExecuteAsync(RunState state, CancellationToken cancellationToken)
        {
            Started.Add(state.Run.RunId);
            Slots[state.Run.RunId] = state.Slot;
            CoresGiven[state.Run.RunId] = state.Cores;
            // Called on the scheduler's thread; the decrement runs on whichever thread resumes the delay.
            MaxConcurrent = Math.Max(MaxConcurrent, Interlocked.Increment(ref _running));
            await Task.Delay(20, CancellationToken.None);
            Interlocked.Decrement(ref _running);
            var failed = Failing.Contains(state.Run.RunId);
            return Result(state.Run, failed ? RunStatus.Failed : RunStatus.Ran) with
            {
                Key = state.Evaluation!.Key,
                Message = failed ? $"{state.Run.RunId} failed" : null,
            };
        }

        public void Executed(RunState state, RunResult result)
        {
            if (result.Status == RunStatus.Ran)
            {
                _produced.Add(result.Key!);
            }
        }

        private static RunResult Result(StageRun run, RunStatus status) => new() { RunId = run.RunId, Target = run.Target, Status = status };
    }
}

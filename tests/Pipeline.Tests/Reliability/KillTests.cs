using System.Text.Json.Nodes;
using Xunit;

namespace Pipeline.Tests.Reliability;

/// <summary>kill -9 of a training stage, of the orchestrator, and of Tta and Ensemble stages, through the real build.</summary>
[Collection(ReliabilityCollection.Name)]
public sealed class KillTests(TrainingReference reference)
{
    private const int Epochs = FaultExperiment.Epochs;
    private const string Killed = "exit code 137, killed by signal 9 (SIGKILL); killed from outside, often by the out-of-memory killer";

    [Fact]
    public void A_training_stage_killed_at_seeded_random_points_resumes_and_ends_with_the_uninterrupted_weights()
    {
        // Two kill points, each "epoch k started" or "epoch k finished", drawn from a fixed seed in the middle of training.
        var random = new Random(7);
        var first = random.Next(2, 5);
        var points = new[] { (Epoch: first, Finished: random.Next(2) == 1), (Epoch: random.Next(first + 2, Epochs - 3), Finished: random.Next(2) == 1) };
        using var experiment = new FaultExperiment().LongTraining();
        var log = experiment.LogPath("TrainInception");
        var completed = 0;

        foreach (var (epoch, finished) in points)
        {
            using var build = experiment.Start("TrainInception");
            var pid = StageProcesses.WaitFor(experiment.Artifacts, "TrainInception", build);
            // The engine truncates the log before it starts the stage: from here on the log is this attempt's.
            build.WaitForLog(log, finished ? $"epoch {epoch}/{Epochs} [cp1] train loss" : $"epoch {epoch}/{Epochs} [cp1]:");
            StageProcesses.Kill(pid);
            var run = build.Finish();

            Assert.Equal(1, run.ExitCode);
            Assert.Contains($"TrainInception failed: {Killed}; log: {log}", run.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("TrainInception", experiment.AssertStoreConsistent());
            Assert.Equal(completed > 0, experiment.Log("TrainInception").Contains($"resuming after epoch {completed} of {Epochs}", StringComparison.Ordinal));
            completed = CompletedEpochs(experiment.WorkDirectory("TrainInception"));
            // The kill lands after the awaited line, never before it; how many epochs later depends on the machine's
            // load (an epoch of this tiny network can take under 100 ms), so only "before the end" is asserted.
            Assert.InRange(completed, finished ? epoch : epoch - 1, Epochs - 1);
        }

        var resumed = experiment.Build("TrainInception");

        Assert.Equal(0, resumed.ExitCode);
        Assert.Contains($"resuming after epoch {completed} of {Epochs}", experiment.Log("TrainInception"), StringComparison.Ordinal);
        Assert.Equal(reference.Checkpoints, experiment.CheckpointHashes("inception"));
        Assert.Equal(["Preprocess", "Preprocess/synthesize", "TrainInception"], experiment.AssertStoreConsistent().Order(StringComparer.Ordinal));
        experiment.AssertPublishedLinksAreCommitted();
    }

    [Fact]
    public void Killing_the_orchestrator_while_a_stage_runs_or_commits_leaves_no_partial_entry_and_the_next_build_is_correct()
    {
        using var experiment = new FaultExperiment().LongTraining();
        var log = experiment.LogPath("TrainInception");

        // 1. kill -9 of _build while its training stage runs: the orphaned stage notices at once (its standard input,
        // a pipe the orchestrator held, reaches end of file) and stops itself at its next step. (Its message goes to
        // the dead orchestrator's pipe: only what it left in the work folder shows it.)
        int whileRunning;
        using (var build = experiment.Start("TrainInception"))
        {
            whileRunning = build.Pid;
            var orphan = StageProcesses.WaitFor(experiment.Artifacts, "TrainInception", build);
            build.WaitForLog(log, $"epoch 4/{Epochs} [cp1]:");
            Assert.Equal(137, build.Kill().ExitCode);
            StageProcesses.WaitUntilExited(orphan, TimeSpan.FromSeconds(30));
        }

        Assert.Equal(["Preprocess", "Preprocess/synthesize"], experiment.AssertStoreConsistent().Order(StringComparer.Ordinal));
        // A poll once a second let the orphan of this tiny network train to the end before it noticed.
        Assert.InRange(CompletedEpochs(experiment.WorkDirectory("TrainInception")), 3, Epochs - 2);

        // 2. kill -9 of _build the moment its stage process exits: the kill lands in the commit (hash, manifest,
        // rename) or just after it. Wherever it lands, only whole entries may be visible.
        int atCommit;
        bool killedHoldingTheLock;
        using (var build = experiment.Start("TrainInception"))
        {
            atCommit = build.Pid;
            var stage = StageProcesses.WaitFor(experiment.Artifacts, "TrainInception", build);
            StageProcesses.WaitUntilExited(stage, RunningBuild.Patience);

            var run = build.Kill();
            killedHoldingTheLock = run.ExitCode == 137;
            Assert.Contains($"warning: stale lock from pid {whileRunning} (not running): taking over", run.Output, StringComparison.Ordinal);
        }

        Assert.Contains($"resuming after epoch ", experiment.Log("TrainInception"), StringComparison.Ordinal);
        var visible = experiment.AssertStoreConsistent();
        Assert.Subset(new HashSet<string> { "Preprocess", "Preprocess/synthesize", "TrainInception" }, visible.ToHashSet());

        // 3. The next build takes the dead orchestrator's lock over and ends with the uninterrupted weights.
        var next = experiment.Build("TrainInception");

        Assert.Equal(0, next.ExitCode);
        Assert.Equal(killedHoldingTheLock, next.Output.Contains($"warning: stale lock from pid {atCommit} (not running): taking over", StringComparison.Ordinal));
        Assert.Equal(reference.Checkpoints, experiment.CheckpointHashes("inception"));
        Assert.Equal(["Preprocess", "Preprocess/synthesize", "TrainInception"], experiment.AssertStoreConsistent().Order(StringComparer.Ordinal));
        experiment.AssertPublishedLinksAreCommitted();
    }

    [Fact]
    public void A_stage_killed_during_Tta_or_Ensemble_is_rerun_and_no_stale_output_is_used()
    {
        using var experiment = new FaultExperiment().FastResnet();
        // More augmented copies: the Tta run lasts long enough to be killed in the middle.
        experiment.Edit("tta.yaml", "copies: 2", "copies: 8");
        Assert.Equal(0, experiment.Build("Ensemble").ExitCode);
        var submission = File.ReadAllBytes(experiment.ArtifactPath("submission.csv"));
        var predictions = ContentHashes(experiment, "Tta/");

        // Tta, forced to run again, killed after its first prediction file: the committed entry stays, the
        // partial work folder is never committed as it is.
        using (var build = experiment.Start("Ensemble", "--force", "Tta"))
        {
            var pid = StageProcesses.WaitFor(experiment.Artifacts, "Tta/inception", build);
            build.WaitForLog(experiment.LogPath("Tta/inception"), ".val.pred: accuracy");
            StageProcesses.Kill(pid);
            var killed = build.Finish();

            Assert.Equal(1, killed.ExitCode);
            Assert.Contains($"Tta/inception failed: {Killed}; log: {experiment.LogPath("Tta/inception")}", killed.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("Ensemble: started", killed.Output, StringComparison.Ordinal);
        }

        experiment.AssertStoreConsistent();
        experiment.AssertPublishedLinksAreCommitted();
        Assert.Equal(submission, File.ReadAllBytes(experiment.ArtifactPath("submission.csv")));

        var rerun = experiment.Build("Ensemble", "--force", "Tta");

        Assert.Equal(0, rerun.ExitCode);
        Assert.Contains("Tta/inception: ran", rerun.Output, StringComparison.Ordinal);
        // The rerun's outputs are exactly the first run's: nothing of the killed attempt leaked into them, so
        // Ensemble (keyed on their content) stays cached.
        Assert.Equal(predictions, ContentHashes(experiment, "Tta/"));
        Assert.DoesNotContain("Ensemble: started", rerun.Output, StringComparison.Ordinal);

        // Ensemble with a new method, killed as soon as its process runs: the published submission stays the
        // committed one of the last good build; the next build reruns Ensemble and publishes its new entry.
        experiment.Edit("ensemble.yaml", "method: vote", "method: mean");
        using (var build = experiment.Start("Ensemble"))
        {
            var pid = StageProcesses.WaitFor(experiment.Artifacts, "Ensemble", build);
            StageProcesses.Kill(pid);
            var killed = build.Finish();

            Assert.Equal(1, killed.ExitCode);
            Assert.Contains($"Ensemble failed: {Killed}; log: {experiment.LogPath("Ensemble")}", killed.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("Report: started", killed.Output, StringComparison.Ordinal);
        }

        experiment.AssertStoreConsistent();
        experiment.AssertPublishedLinksAreCommitted();
        Assert.Equal(submission, File.ReadAllBytes(experiment.ArtifactPath("submission.csv")));

        var after = experiment.Build("Ensemble");

        Assert.Equal(0, after.ExitCode);
        Assert.Contains("Ensemble: ran", after.Output, StringComparison.Ordinal);
        experiment.AssertStoreConsistent();
        experiment.AssertPublishedLinksAreCommitted();
        var locked = JsonNode.Parse(File.ReadAllText(experiment.ArtifactPath("pipeline.lock.json")))!["runs"]!["Ensemble"]!["key"]!.GetValue<string>();
        var published = Path.GetFullPath(new FileInfo(experiment.ArtifactPath("submission.csv")).ResolveLinkTarget(returnFinalTarget: true)!.FullName);
        Assert.Equal(Path.Combine(experiment.Layout.EntryDirectory(locked), "submission.csv"), published);
        Assert.Contains("\"method\": \"mean\"", File.ReadAllText(Path.Combine(experiment.Layout.EntryDirectory(locked), "ensemble.json")), StringComparison.Ordinal);
    }

    private static int CompletedEpochs(string workDirectory) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(workDirectory, "state", "progress.json")))!["completed_epochs"]!.GetValue<int>();

    private static Dictionary<string, string> ContentHashes(FaultExperiment experiment, string runPrefix) =>
        experiment.EntryDirectories()
            .Select(d => Pipeline.Engine.OutputManifest.Parse(File.ReadAllText(Path.Combine(d, Pipeline.Engine.OutputManifest.FileName))))
            .Where(m => m.RunId.StartsWith(runPrefix, StringComparison.Ordinal))
            .ToDictionary(m => m.RunId, m => m.ContentHash, StringComparer.Ordinal);
}

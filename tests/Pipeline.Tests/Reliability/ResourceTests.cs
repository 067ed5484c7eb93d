using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Pipeline.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Pipeline.Tests.Reliability;

/// <summary>
/// A full disk and an out-of-memory kill of a real stage process. Both need root (a tmpfs mount, a memory cgroup),
/// as CI has; elsewhere the test says why in its output and checks nothing.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class ResourceTests(TrainingReference reference, ITestOutputHelper output)
{
    private const int Epochs = FaultExperiment.Epochs;

    [Fact]
    public void A_full_disk_while_writing_a_checkpoint_fails_the_build_clearly_and_keeps_what_was_committed()
    {
        using var experiment = new FaultExperiment().LongTraining();
        // A checkpoint every epoch, so the first write of each epoch is its checkpoint.
        experiment.Edit("inception.yaml", "checkpoints: {last_k: 2}", $"checkpoints: {{last_k: {Epochs}}}");
        var checkpointBytes = reference.CheckpointBytes;
        Directory.CreateDirectory(experiment.Artifacts);
        if (!Run("mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", experiment.Artifacts))
        {
            output.WriteLine($"cannot mount a tmpfs on {experiment.Artifacts} (not root?): the full-disk case was not checked");
            Assert.False(Environment.IsPrivilegedProcess, "running as root, yet mount failed");
            return;
        }

        try
        {
            var filler = experiment.ArtifactPath("filler");
            var log = experiment.LogPath("TrainInception");
            using (var build = experiment.Start("TrainInception"))
            {
                var pid = StageProcesses.WaitFor(experiment.Artifacts, "TrainInception", build);
                build.WaitForLog(log, $"epoch 4/{Epochs} [cp1]:");
                // Stopped while epoch 4 trains, the disk is filled to half a checkpoint; epoch 4's checkpoint is the next write.
                StageProcesses.Signal(pid, "STOP");
                using (var stream = new FileStream(filler, FileMode.CreateNew))
                {
                    stream.Write(new byte[new DriveInfo(experiment.Artifacts).AvailableFreeSpace - (checkpointBytes / 2)]);
                }

                StageProcesses.Signal(pid, "CONT");
                var run = build.Finish();
                output.WriteLine(run.All);

                Assert.Equal(1, run.ExitCode);
                Assert.Contains($"TrainInception failed: exit code 1; log: {log}", run.Output, StringComparison.Ordinal);
            }

            var work = experiment.WorkDirectory("TrainInception");
            // Which write meets the full disk depends on where SIGSTOP caught the stage: almost always epoch 4's checkpoint,
            // but the tiny epochs take milliseconds, so the stop can land after it (CI saw cp1_e5 once). Whichever write it
            // is, the error names it, and everything committed before it stays intact.
            var failure = Regex.Match(experiment.Log("TrainInception"), @"could not write ([a-z ]+) (\S+): No space left on device");
            Assert.True(failure.Success, "no 'could not write … : No space left on device' in the stage's log");
            Assert.StartsWith(work, failure.Groups[2].Value, StringComparison.Ordinal);
            output.WriteLine($"the full disk met: {failure.Value}");
            Assert.Equal(["Preprocess", "Preprocess/synthesize"], experiment.AssertStoreConsistent().Order(StringComparer.Ordinal));
            experiment.AssertPublishedLinksAreCommitted();
            // The last committed checkpoint (epoch 3, or a later one when the stop came late) and its manifest line are
            // intact; no temporary file is left.
            Assert.Empty(Directory.GetFiles(work, "*.tmp-*", SearchOption.AllDirectories));
            var saved = JsonNode.Parse(File.ReadAllText(Path.Combine(work, "checkpoints", "manifest.json")))!.AsArray();
            var last = saved[^1]!["name"]!.GetValue<string>();
            int lastEpoch = int.Parse(last["cp1_e".Length..], CultureInfo.InvariantCulture);
            Assert.InRange(lastEpoch, 3, Epochs - 1);
            Assert.Equal(saved[^1]!["sha256"]!.GetValue<string>(), FaultExperiment.HashFile(Path.Combine(work, "checkpoints", last + ".pt")));

            // With space again, the next build resumes after the last epoch whose resume state was committed (the last
            // checkpoint's epoch, or the one before when the full disk met that epoch's resume state) and ends with the
            // uninterrupted weights.
            File.Delete(filler);
            var resumed = experiment.Build("TrainInception");

            Assert.Equal(0, resumed.ExitCode);
            var resumedAfter = Regex.Match(experiment.Log("TrainInception"), $@"resuming after epoch (\d+) of {Epochs}");
            Assert.True(resumedAfter.Success, "the second build did not resume");
            Assert.InRange(int.Parse(resumedAfter.Groups[1].Value, CultureInfo.InvariantCulture), Math.Max(3, lastEpoch - 1), lastEpoch);
            var final = $"cp1_e{Epochs}.pt";
            Assert.Equal(reference.Checkpoints[final], experiment.CheckpointHashes("inception")[final]);
        }
        finally
        {
            Run("umount", "-l", experiment.Artifacts);
        }
    }

    [Fact]
    public void A_stage_killed_by_the_out_of_memory_killer_is_reported_as_such()
    {
        if (MemoryCgroup() is not { } parent)
        {
            output.WriteLine("no writable cgroup v1 memory controller (not root, or cgroup v2 only): the out-of-memory case was not checked");
            Assert.False(Environment.IsPrivilegedProcess && Directory.Exists("/sys/fs/cgroup/memory"), "running as root with a memory controller, yet no cgroup could be made");
            return;
        }

        using var experiment = new FaultExperiment().LongTraining();
        Assert.Equal(0, experiment.Build("Preprocess").ExitCode);
        var cgroup = Path.Combine(parent, $"pipeline-oom-{Guid.NewGuid():N}");
        Directory.CreateDirectory(cgroup);
        try
        {
            // A 32 MiB limit on everything the stage allocates from the moment it is moved in: far less than loading
            // libtorch and training need, so the kernel's OOM killer ends it. Memory a process had before the move stays
            // charged where it was, so the stage must be moved before it loads libtorch: found late, in its steady
            // state, it once trained to the end inside the limit. Holding its work folder's lock parks it there.
            File.WriteAllText(Path.Combine(cgroup, "memory.limit_in_bytes"), (32 << 20).ToString(CultureInfo.InvariantCulture));
            var lockPath = WorkLockPath(experiment);
            var log = experiment.LogPath("TrainInception");
            BuildRun run;
            using (var build = experiment.Start("TrainInception"))
            {
                using (new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
                {
                    var pid = StageProcesses.WaitFor(experiment.Artifacts, "TrainInception", build);
                    build.WaitForLog(log, "waiting for an earlier process of this run to stop");
                    File.WriteAllText(Path.Combine(cgroup, "cgroup.procs"), pid.ToString(CultureInfo.InvariantCulture));
                }

                run = build.Finish();
            }

            output.WriteLine(run.All);

            Assert.Equal(1, run.ExitCode);
            Assert.Contains(
                $"TrainInception failed: exit code 137, killed by signal 9 (SIGKILL); killed from outside, often by the out-of-memory killer; log: {log}",
                run.Output,
                StringComparison.Ordinal);
            // The kernel's own count proves it was the OOM killer, not some other SIGKILL.
            Assert.Contains("oom_kill 1", File.ReadAllText(Path.Combine(cgroup, "memory.oom_control")), StringComparison.Ordinal);
            Assert.Equal(["Preprocess", "Preprocess/synthesize"], experiment.AssertStoreConsistent().Order(StringComparer.Ordinal));
        }
        finally
        {
            for (var attempt = 0; attempt < 50 && Directory.Exists(cgroup); attempt++)
            {
                try
                {
                    Directory.Delete(cgroup);
                }
                catch (IOException)
                {
                    Thread.Sleep(100);
                }
            }
        }
    }

    /// <summary>The work-folder lock of TrainInception's run, read from the spec of an attempt that is then killed.</summary>
    private static string WorkLockPath(FaultExperiment experiment)
    {
        using var first = experiment.Start("TrainInception");
        var pid = StageProcesses.WaitFor(experiment.Artifacts, "TrainInception", first);
        var path = StageProcesses.SpecOf(pid).WorkLockPath;
        StageProcesses.Kill(pid);
        Assert.Equal(1, first.Finish().ExitCode);
        return path;
    }

    /// <summary>This process's cgroup v1 memory folder, when a child cgroup can be made in it.</summary>
    private static string? MemoryCgroup()
    {
        if (!OperatingSystem.IsLinux() || !Environment.IsPrivilegedProcess || !File.Exists("/proc/self/cgroup"))
        {
            return null;
        }

        var line = File.ReadAllLines("/proc/self/cgroup").FirstOrDefault(l => l.Split(':') is [_, "memory", _]);
        if (line is null)
        {
            return null;
        }

        var folder = "/sys/fs/cgroup/memory" + line.Split(':')[2];
        return File.Exists(Path.Combine(folder, "memory.limit_in_bytes")) ? folder : null;
    }

    private static bool Run(string file, params string[] arguments)
    {
        try
        {
            var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}

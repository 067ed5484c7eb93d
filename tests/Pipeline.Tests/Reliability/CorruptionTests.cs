using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Xunit;

namespace Pipeline.Tests.Reliability;

/// <summary>Damaged cache entries and a stale build lock, met by the real build: reported, rebuilt, identical outputs.</summary>
[Collection(ReliabilityCollection.Name)]
public sealed class CorruptionTests
{
    [Fact]
    public void A_flipped_byte_in_a_cached_checkpoint_is_reported_and_the_entry_rebuilt_identically()
    {
        using var experiment = new FaultExperiment();
        Assert.Equal(0, experiment.Build("TrainInception").ExitCode);
        var before = experiment.CheckpointHashes("inception");
        var entry = experiment.Entry("TrainInception");
        FlipByte(Path.Combine(entry, "checkpoints", "cp1_e2.pt"));

        var run = experiment.Build("TrainInception");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains(
            $"warning: TrainInception: cache entry {Path.GetFileName(entry)} is corrupt (checkpoints/cp1_e2.pt: content hash mismatch): removed, rebuilding",
            run.Output,
            StringComparison.Ordinal);
        Assert.Contains("TrainInception: ran", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Preprocess: started", run.Output, StringComparison.Ordinal);
        Assert.Equal(before, experiment.CheckpointHashes("inception"));
        experiment.AssertStoreConsistent();
    }

    [Fact]
    public void A_flipped_byte_in_a_cached_shard_is_reported_and_rebuilt_and_the_model_stays_cached()
    {
        using var experiment = new FaultExperiment();
        Assert.Equal(0, experiment.Build("TrainInception").ExitCode);
        var before = experiment.CheckpointHashes("inception");
        var entry = experiment.Entry("Preprocess");
        FlipByte(Path.Combine(entry, "train.shard"));

        var run = experiment.Build("TrainInception");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains(
            $"warning: Preprocess: cache entry {Path.GetFileName(entry)} is corrupt (train.shard: content hash mismatch): removed, rebuilding",
            run.Output,
            StringComparison.Ordinal);
        Assert.Contains("Preprocess: ran", run.Output, StringComparison.Ordinal);
        // The rebuilt shards are byte for byte the old ones, so the model's key and entry are unchanged.
        Assert.DoesNotContain("TrainInception: started", run.Output, StringComparison.Ordinal);
        Assert.Equal(before, experiment.CheckpointHashes("inception"));
        Assert.Equal(["Preprocess", "Preprocess/synthesize", "TrainInception"], experiment.AssertStoreConsistent().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_deleted_cache_entry_is_rebuilt_identically()
    {
        using var experiment = new FaultExperiment();
        Assert.Equal(0, experiment.Build("TrainInception").ExitCode);
        var before = experiment.CheckpointHashes("inception");
        Directory.Delete(experiment.Entry("TrainInception"), recursive: true);

        var run = experiment.Build("TrainInception");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("TrainInception: ran", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Preprocess: started", run.Output, StringComparison.Ordinal);
        Assert.Equal(before, experiment.CheckpointHashes("inception"));
        experiment.AssertStoreConsistent();
        experiment.AssertPublishedLinksAreCommitted();
    }

    [Fact]
    public void A_lock_left_by_a_dead_process_is_taken_over_with_a_message()
    {
        using var experiment = new FaultExperiment();
        var dead = DeadProcessId();
        Directory.CreateDirectory(experiment.Artifacts);
        File.WriteAllText(experiment.Layout.BuildLockPath, "");
        File.WriteAllText(
            experiment.Layout.BuildLockOwnerPath,
            new JsonObject { ["pid"] = dead, ["started"] = DateTimeOffset.UtcNow.AddMinutes(-5).ToString("O", CultureInfo.InvariantCulture) }.ToJsonString());

        var run = experiment.Build("Preprocess");

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith($"warning: stale lock from pid {dead} (not running): taking over\n", run.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(experiment.Layout.BuildLockOwnerPath));
    }

    private static void FlipByte(string path)
    {
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x10;
        File.WriteAllBytes(path, bytes);
    }

    private static int DeadProcessId()
    {
        using var process = Process.Start(new ProcessStartInfo("sh", ["-c", "exit 0"]) { UseShellExecute = false })!;
        process.WaitForExit();
        return process.Id;
    }
}

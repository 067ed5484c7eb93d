using System.Diagnostics;
using Pipeline.Foundation;
using Pipeline.Training;
using Pipeline.Training.Checkpoints;
using Xunit;
using Xunit.Abstractions;

namespace Pipeline.Tests.Training;

[Collection(TorchCollection.Name)]
public sealed class DiskFullTests(ITestOutputHelper output)
{
    /// <summary>An injected full disk while epoch 2's checkpoint is written: clear message, no temporary file, epoch 1's checkpoint and manifest intact.</summary>
    [Fact]
    public void Injected_full_disk_keeps_the_previous_checkpoint()
    {
        using var data = TinyData.Create();
        var folder = TempDirectory.Create("diskfull-injected");
        try
        {
            bool armed = false;
            var writer = new AtomicFileWriter(stream => armed ? new FullDiskStream(stream, bytesLeft: 100) : stream);
            var config = Runs.Config(Runs.Phase("p", 3)) with { Checkpoints = new() { LastK = 3 } };
            var options = Runs.Options(writer) with { EpochCompleted = m => armed = m.Epoch == 1 };
            var error = Assert.Throws<ArtifactWriteException>(() => TrainRunner.Run(config, TinyData.TinyModel(), data.Data, folder, options));
            Assert.Equal($"could not write checkpoint {Path.Combine(folder, "checkpoints", "p_e2.pt")}: No space left on device", error.Message);
            AssertPreviousCheckpointValid(folder, "p_e1");
            Assert.False(File.Exists(Path.Combine(folder, "checkpoints", "p_e2.pt")));
        }
        finally
        {
            TempDirectory.Delete(folder);
        }
    }

    /// <summary>
    /// A real full disk: the run's folder on its own tmpfs; after epoch 1 a filler file takes all but
    /// half a checkpoint of the free space, so epoch 2's checkpoint write meets a real ENOSPC. Needs
    /// root to mount (CI runs as root); without it, the test says so and checks the injected fault instead.
    /// </summary>
    [Fact]
    public void Real_full_disk_on_tmpfs_keeps_the_previous_checkpoint()
    {
        using var data = TinyData.Create();
        var config = Runs.Config(Runs.Phase("p", 3)) with { Checkpoints = new() { LastK = 3 } };
        long checkpointBytes;
        using (var model = Runs.FreshModel(TinyData.TinyModel()))
        using (var memory = new MemoryStream())
        {
            using (var binary = new BinaryWriter(memory, System.Text.Encoding.UTF8, leaveOpen: true))
            {
                model.save(binary);
            }

            checkpointBytes = memory.Length;
        }

        var mountPoint = TempDirectory.Create("diskfull-tmpfs");
        if (!Mount(mountPoint, checkpointBytes * 16 + (1 << 20)))
        {
            output.WriteLine("tmpfs could not be mounted (not root?): checking the injected full disk instead");
            TempDirectory.Delete(mountPoint);
            Injected_full_disk_keeps_the_previous_checkpoint();
            return;
        }
        try
        {
            var folder = Path.Combine(mountPoint, "train");
            var options = Runs.Options() with
            {
                EpochCompleted = m =>
                {
                    if (m.Epoch != 1)
                    {
                        return;
                    }

                    long free = new DriveInfo(mountPoint).AvailableFreeSpace;
                    using var filler = new FileStream(Path.Combine(mountPoint, "filler"), FileMode.Create);
                    filler.Write(new byte[free - checkpointBytes / 2]);
                },
            };
            var error = Assert.Throws<ArtifactWriteException>(() => TrainRunner.Run(config, TinyData.TinyModel(), data.Data, folder, options));
            output.WriteLine(error.Message);
            Assert.Equal($"could not write checkpoint {Path.Combine(folder, "checkpoints", "p_e2.pt")}: No space left on device", error.Message);
            AssertPreviousCheckpointValid(folder, "p_e1");
        }
        finally
        {
            Run("umount", mountPoint);
            TempDirectory.Delete(mountPoint);
        }
    }

    private static void AssertPreviousCheckpointValid(string folder, string name)
    {
        Assert.Empty(Directory.EnumerateFiles(folder, "*.tmp-*", SearchOption.AllDirectories));
        var entry = CheckpointManifest.Read(folder)[^1];
        Assert.Equal(name, entry.Name);
        var path = Path.Combine(folder, entry.File);
        Assert.Equal(entry.Sha256, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path))));
        using var model = Runs.LoadCheckpoint(TinyData.TinyModel(), path);
        Assert.NotEmpty(model.parameters());
    }

    private static bool Mount(string path, long bytes)
        => OperatingSystem.IsLinux() && Run("mount", "-t", "tmpfs", "-o", $"size={bytes}", "tmpfs", path);

    private static bool Run(string file, params string[] arguments)
    {
        try
        {
            var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var a in arguments)
            {
                start.ArgumentList.Add(a);
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

    /// <summary>Accepts a number of bytes, then fails every write like a full disk does.</summary>
    private sealed class FullDiskStream(Stream inner, long bytesLeft) : Stream
    {
        private long _left = bytesLeft;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (buffer.Length > _left)
            {
                throw new IOException("No space left on device : '/injected'");
            }

            _left -= buffer.Length;
            inner.Write(buffer);
        }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}

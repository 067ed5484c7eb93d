using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Foundation;

namespace Pipeline.Engine;

/// <summary>
/// One build at a time per artifacts folder. The lock is an OS exclusive open of <c>.build.lock</c> (an flock on
/// Linux, a share-mode lock on Windows), so the kernel releases it when the holder dies, however it dies. The
/// holder's pid and start time are written beside it so a waiting build can say whom it waits for, and a build
/// that finds the record of a dead holder can say it takes over.
/// </summary>
public sealed class BuildLock : IDisposable
{
    private readonly FileStream _stream;
    private readonly string _ownerPath;
    private bool _disposed;

    private BuildLock(FileStream stream, string ownerPath)
    {
        _stream = stream;
        _ownerPath = ownerPath;
    }

    /// <summary>Waits until this process holds the build lock of <paramref name="layout"/>.</summary>
    public static async Task<BuildLock> AcquireAsync(
        ArtifactLayout layout, IEngineEvents events, TimeSpan pollInterval, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(events);
        Directory.CreateDirectory(layout.Root);
        var announced = false;
        var attempts = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var stream = TryOpen(layout.BuildLockPath);
            if (stream is not null)
            {
                var previous = ReadOwner(layout.BuildLockOwnerPath);
                // Only a holder that died leaves its record behind: a clean release deletes it.
                if (previous is { } owner && !IsRunning(owner.Pid, owner.Started))
                {
                    events.Message(EngineMessageLevel.Warning, $"stale lock from pid {owner.Pid} (not running): taking over");
                }

                WriteOwner(layout.BuildLockOwnerPath);
                return new BuildLock(stream, layout.BuildLockOwnerPath);
            }

            attempts++;
            // The holder writes its record just after locking; give it a moment so the message can name it.
            var holder = ReadOwner(layout.BuildLockOwnerPath);
            if (!announced && (holder is not null || attempts >= 5))
            {
                var pid = holder is { } h ? h.Pid.ToString(CultureInfo.InvariantCulture) : "unknown";
                events.Message(EngineMessageLevel.Info, $"waiting for another build (pid {pid}) to finish...");
                announced = true;
            }

            await Task.Delay(pollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Takes the build lock of <paramref name="layout"/> if no build holds it; otherwise returns null and the
    /// holder's pid when its record names one (clean-up commands use this: they never wait for a long build).
    /// </summary>
    public static BuildLock? TryAcquire(ArtifactLayout layout, IEngineEvents events, out int? holder)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(events);
        holder = null;
        Directory.CreateDirectory(layout.Root);
        var stream = TryOpen(layout.BuildLockPath);
        if (stream is null)
        {
            holder = ReadOwner(layout.BuildLockOwnerPath)?.Pid;
            return null;
        }

        if (ReadOwner(layout.BuildLockOwnerPath) is { } owner && !IsRunning(owner.Pid, owner.Started))
        {
            events.Message(EngineMessageLevel.Warning, $"stale lock from pid {owner.Pid} (not running): taking over");
        }

        WriteOwner(layout.BuildLockOwnerPath);
        return new BuildLock(stream, layout.BuildLockOwnerPath);
    }

    /// <summary>Releases the lock and removes the holder record.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            File.Delete(_ownerPath);
        }
        catch (IOException)
        {
        }

        // The lock file itself stays: deleting it would let a waiter lock an unlinked file while a third build
        // creates and locks a new one.
        _stream.Dispose();
    }

    private static FileStream? TryOpen(string path)
    {
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e) when (IsHeldElsewhere(e))
        {
            return null;
        }
    }

    private static bool IsHeldElsewhere(IOException e)
    {
        // EWOULDBLOCK (11) from flock on Linux, 35 on macOS; ERROR_SHARING_VIOLATION / ERROR_LOCK_VIOLATION on Windows.
        var code = e.HResult & 0xFFFF;
        return OperatingSystem.IsWindows() ? code is 32 or 33 : code is 11 or 35;
    }

    private static (int Pid, DateTimeOffset? Started)? ReadOwner(string path)
    {
        try
        {
            if (!File.Exists(path) || JsonNode.Parse(File.ReadAllText(path)) is not JsonObject owner)
            {
                return null;
            }

            var pid = owner["pid"]?.GetValue<int>() ?? 0;
            DateTimeOffset? started = owner["started"]?.GetValue<string>() is { } text
                ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture)
                : null;
            return pid > 0 ? (pid, started) : null;
        }
        catch (Exception e) when (e is IOException or JsonException or FormatException or InvalidOperationException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static void WriteOwner(string path)
    {
        using var self = Process.GetCurrentProcess();
        var owner = new JsonObject
        {
            ["pid"] = Environment.ProcessId,
            ["started"] = new DateTimeOffset(self.StartTime.ToUniversalTime()).ToString("O", CultureInfo.InvariantCulture),
            ["machine"] = Environment.MachineName,
        };
        AtomicFile.WriteAllText(path, owner.ToJsonString());
    }

    /// <summary>Whether the process is alive and, when known, is the same process (not a reused pid).</summary>
    private static bool IsRunning(int pid, DateTimeOffset? started)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            if (process.HasExited)
            {
                return false;
            }

            if (started is { } expected)
            {
                var actual = new DateTimeOffset(process.StartTime.ToUniversalTime());
                return Math.Abs((actual - expected).TotalSeconds) < 1;
            }

            return true;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            return false;
        }
    }
}

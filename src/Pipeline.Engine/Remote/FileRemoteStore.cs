using System.Buffers;
using Pipeline.Foundation;

namespace Pipeline.Engine;

/// <summary>
/// A remote in a shared folder (NFS or any mounted file system a fleet shares). An object is a file; an upload is
/// written under a temporary name in the object's own folder and renamed over it, which is atomic on one file system.
/// The folder must exist: a missing mount must not be mistaken for an empty cache.
/// </summary>
public sealed class FileRemoteStore : IRemoteStore
{
    private const int BufferSize = 1 << 20;
    private readonly string _root;

    /// <summary>Creates the store over <paramref name="root"/>; <paramref name="location"/> is the URL for messages.</summary>
    public FileRemoteStore(string location, string root)
    {
        Location = location;
        _root = Path.GetFullPath(root);
    }

    /// <inheritdoc />
    public string Location { get; }

    /// <inheritdoc />
    public Task<long?> SizeAsync(string name, CancellationToken cancellationToken)
    {
        var path = PathOf(name);
        return Task.FromResult(Guard("look up " + name, () => File.Exists(path) ? new FileInfo(path).Length : (long?)null));
    }

    /// <inheritdoc />
    public async Task<bool> DownloadAsync(string name, Stream destination, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var path = PathOf(name);
        FileStream? source = Guard("open " + name, () => File.Exists(path) ? OpenRead(path) : null);
        if (source is null)
        {
            return false;
        }

        await using (source.ConfigureAwait(false))
        {
            await CopyAsync(source, destination, progress, "read " + name, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    /// <inheritdoc />
    public async Task UploadAsync(string name, string localPath, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var path = PathOf(name);
        var temp = AtomicFile.TemporaryPath(path);
        try
        {
            Guard("create the folder of " + name, () => Directory.CreateDirectory(Path.GetDirectoryName(path)!));
            var source = OpenRead(localPath);
            await using (source.ConfigureAwait(false))
            {
                var target = Guard("write " + name, () => new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous));
                await using (target.ConfigureAwait(false))
                {
                    await CopyAsync(source, target, progress, "write " + name, cancellationToken).ConfigureAwait(false);
                    Guard("write " + name, () => target.Flush(flushToDisk: true));
                }
            }

            Guard("write " + name, () => File.Move(temp, path, overwrite: true));
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private string PathOf(string name)
    {
        RemoteNames.Validate(name);
        if (!Directory.Exists(_root))
        {
            throw new RemoteStoreException($"remote {Location}: the folder {_root} does not exist (is the shared folder mounted?)");
        }

        return Path.Combine(_root, name.Replace('/', Path.DirectorySeparatorChar));
    }

    private static FileStream OpenRead(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);

    private async Task CopyAsync(Stream source, Stream destination, IProgress<long>? progress, string what, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            long total = 0;
            int read;
            while ((read = await ReadAsync(source, buffer, what, cancellationToken).ConfigureAwait(false)) > 0)
            {
                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                total += read;
                progress?.Report(total);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task<int> ReadAsync(Stream source, byte[] buffer, string what, CancellationToken cancellationToken)
    {
        try
        {
            return await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw new RemoteStoreException($"remote {Location}: cannot {what}: {e.Message}", e);
        }
    }

    private T Guard<T>(string what, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RemoteStoreException($"remote {Location}: cannot {what}: {e.Message}", e);
        }
    }

    private void Guard(string what, Action action) => Guard<bool>(what, () =>
    {
        action();
        return true;
    });

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}

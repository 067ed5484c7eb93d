using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Pipeline.Foundation;

namespace Pipeline.Engine;

/// <summary>
/// The local store's link to a shared remote store. A pull downloads an entry's files into a private folder, checks
/// each against the manifest's size and hash while it streams, and only then moves the folder into the local store,
/// so a wrong or partial remote entry is reported and never used. A push uploads the files first (as blobs named by
/// their content hash, skipping those already there) and the manifest last, so a half-pushed entry is never visible.
/// </summary>
public sealed class RemoteCache
{
    private readonly ArtifactStore _local;
    private readonly IEngineEvents _events;
    private readonly ConcurrentDictionary<string, bool> _badBlobs = new(StringComparer.Ordinal);

    /// <summary>Creates the link; with <paramref name="readOnly"/> it pulls but never pushes.</summary>
    public RemoteCache(IRemoteStore store, bool readOnly, ArtifactStore local, IEngineEvents? events = null)
    {
        Store = store ?? throw new ArgumentNullException(nameof(store));
        ReadOnly = readOnly;
        _local = local ?? throw new ArgumentNullException(nameof(local));
        _events = events ?? NullEngineEvents.Instance;
    }

    /// <summary>The remote store.</summary>
    public IRemoteStore Store { get; }

    /// <summary>Pull only.</summary>
    public bool ReadOnly { get; }

    /// <summary>
    /// The remote's manifest for a key, checked without downloading any file: <see cref="EntryState.Valid"/> (the
    /// manifest parses, belongs to the key and matches its content hash), <see cref="EntryState.Missing"/> or
    /// <see cref="EntryState.Corrupt"/> with the problem. Throws <see cref="RemoteStoreException"/> when the remote
    /// cannot be asked.
    /// </summary>
    public async Task<EntryCheck> LookupAsync(string key, CancellationToken cancellationToken = default)
    {
        using var buffer = new MemoryStream();
        try
        {
            if (!await Store.DownloadAsync(RemoteNames.Entry(key), buffer, null, cancellationToken).ConfigureAwait(false))
            {
                return new EntryCheck(EntryState.Missing);
            }
        }
        catch (InvalidDataException e)
        {
            return Corrupt($"{OutputManifest.FileName}: {e.Message}");
        }

        OutputManifest manifest;
        try
        {
            manifest = OutputManifest.Parse(Encoding.UTF8.GetString(buffer.ToArray()));
        }
        catch (Exception e) when (e is JsonException or InvalidDataException)
        {
            return Corrupt($"{OutputManifest.FileName}: unreadable ({e.Message})");
        }

        if (manifest.Key != key)
        {
            return Corrupt($"{OutputManifest.FileName}: belongs to key {manifest.Key}");
        }

        if (OutputManifest.ComputeContentHash(manifest.Files) != manifest.ContentHash)
        {
            return Corrupt($"{OutputManifest.FileName}: file list does not match its content hash");
        }

        if (manifest.Files.FirstOrDefault(f => !IsSafeRelativePath(f.Path)) is { } unsafePath)
        {
            return Corrupt($"{OutputManifest.FileName}: file path '{unsafePath.Path}' leaves the entry");
        }

        if (manifest.Files.FirstOrDefault(f => f.Size < 0 || !f.Hash.All(Uri.IsHexDigit) || f.Hash.Length < 2) is { } bad)
        {
            return Corrupt($"{OutputManifest.FileName}: {bad.Path} has a bad size or hash");
        }

        return new EntryCheck(EntryState.Valid, manifest);
    }

    /// <summary>
    /// Pulls the remote entry of a key into the local store. Returns <see cref="EntryState.Valid"/> with its manifest
    /// when it is now local, <see cref="EntryState.Missing"/> when the remote has none, <see cref="EntryState.Corrupt"/>
    /// (with the first bad file) when the remote entry is wrong; nothing of a wrong entry stays behind. Throws
    /// <see cref="RemoteStoreException"/> when the remote fails.
    /// </summary>
    public async Task<EntryCheck> PullAsync(string key, string runId, CancellationToken cancellationToken = default)
    {
        var lookup = await LookupAsync(key, cancellationToken).ConfigureAwait(false);
        if (lookup.State != EntryState.Valid)
        {
            return lookup;
        }

        var manifest = lookup.Manifest!;
        var total = manifest.Files.Sum(f => f.Size);
        var progress = new TransferProgress(_events, runId, "pull", total);
        _events.Message(EngineMessageLevel.Info, $"{runId}: pulling {Files(manifest.Files.Count)} ({TransferProgress.Megabytes(total)}) from {Store.Location}");
        Directory.CreateDirectory(_local.Layout.TmpDirectory);
        var folder = Path.Combine(_local.Layout.TmpDirectory, $"pull-{key}-{Guid.NewGuid():N}");
        try
        {
            foreach (var file in manifest.Files)
            {
                var problem = await DownloadFileAsync(file, Path.Combine(folder, file.Path), progress, cancellationToken).ConfigureAwait(false);
                if (problem is not null)
                {
                    _badBlobs[file.Hash] = true;
                    return Corrupt($"{file.Path}: {problem}");
                }
            }

            AtomicFile.WriteAllText(Path.Combine(folder, OutputManifest.FileName), manifest.ToJson());
            _local.Adopt(key, folder, manifest);
            _events.Message(
                EngineMessageLevel.Info,
                $"{runId}: pulled from {Store.Location} ({TransferProgress.Megabytes(total)} in {Seconds(progress.Elapsed)}, {progress.Rate()})");
            return new EntryCheck(EntryState.Valid, manifest);
        }
        finally
        {
            TryDeleteFolder(folder);
        }
    }

    /// <summary>
    /// Pushes the committed local entry of a key: every file the remote lacks, then the manifest. Until the manifest is
    /// up, a marker in the local store remembers the push, so a build that failed or was killed mid-push pushes again
    /// next time (<see cref="IsPending"/>). Throws <see cref="RemoteStoreException"/> when the remote fails.
    /// </summary>
    public async Task PushAsync(string key, string runId, CancellationToken cancellationToken = default)
    {
        if (ReadOnly)
        {
            throw new InvalidOperationException("a read-only remote cache does not push");
        }

        var check = _local.Check(key);
        if (check.State != EntryState.Valid)
        {
            throw new InvalidOperationException($"{runId}: the local entry {key} is {check.State} ({check.Problem}); only valid entries are pushed");
        }

        MarkPending(key, runId);
        var entry = _local.Layout.EntryDirectory(key);
        var files = check.Manifest!.Files.DistinctBy(f => f.Hash, StringComparer.Ordinal).ToList();
        var total = files.Sum(f => f.Size);
        var progress = new TransferProgress(_events, runId, "push", total);
        _events.Message(EngineMessageLevel.Info, $"{runId}: pushing {Files(files.Count)} ({TransferProgress.Megabytes(total)}) to {Store.Location}");
        var present = 0;
        foreach (var file in files)
        {
            var blob = RemoteNames.Blob(file.Hash);
            // A blob is named by its content, so one of the right size is the same file, unless this build saw it
            // corrupt (same size, other bytes): that one is sent again.
            if (!_badBlobs.ContainsKey(file.Hash)
                && await Store.SizeAsync(blob, cancellationToken).ConfigureAwait(false) == file.Size)
            {
                progress.Skip(file.Size);
                present++;
                continue;
            }

            await Store.UploadAsync(blob, Path.Combine(entry, file.Path), progress.ForFile(progress.Done), cancellationToken).ConfigureAwait(false);
            _badBlobs.TryRemove(file.Hash, out _);
        }

        await Store.UploadAsync(RemoteNames.Entry(key), Path.Combine(entry, OutputManifest.FileName), null, cancellationToken).ConfigureAwait(false);
        ClearPending(key);
        var already = present == 0 ? "" : $"; {present} of {files.Count} already there";
        _events.Message(
            EngineMessageLevel.Info,
            $"{runId}: pushed to {Store.Location} ({TransferProgress.Megabytes(total)} in {Seconds(progress.Elapsed)}, {progress.Rate()}{already})");
    }

    /// <summary>Whether a push of this key was started and did not finish (checked on the local disk only).</summary>
    public bool IsPending(string key) => File.Exists(PendingPath(key));

    private async Task<string?> DownloadFileAsync(ManifestFile file, string path, TransferProgress progress, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous);
        await using (stream.ConfigureAwait(false))
        {
            var verifying = new VerifyingStream(stream, file.Size);
            bool found;
            try
            {
                found = await Store.DownloadAsync(RemoteNames.Blob(file.Hash), verifying, progress.ForFile(progress.Done), cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidDataException e)
            {
                return verifying.TooLong ? $"longer than the {file.Size} bytes of the manifest" : e.Message;
            }

            if (!found)
            {
                return "missing on the remote";
            }

            if (verifying.Written != file.Size)
            {
                return string.Create(CultureInfo.InvariantCulture, $"size {verifying.Written}, expected {file.Size}");
            }

            if (verifying.Hash != file.Hash)
            {
                return "content hash mismatch";
            }

            stream.Flush(flushToDisk: true);
            return null;
        }
    }

    private static bool IsSafeRelativePath(string path) =>
        path != OutputManifest.FileName
        && !path.StartsWith('/')
        && !path.Contains('\\', StringComparison.Ordinal)
        && path.Split('/').All(segment => segment is not ("" or "." or ".."));

    private string PendingPath(string key) => Path.Combine(_local.Layout.RemotePendingDirectory, key);

    private void MarkPending(string key, string runId) =>
        AtomicFile.WriteAllText(PendingPath(key), $"{runId}\n{Store.Location}\n");

    private void ClearPending(string key)
    {
        try
        {
            File.Delete(PendingPath(key));
        }
        catch (IOException)
        {
        }
    }

    private static void TryDeleteFolder(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left for the next build's clean-up of pull-* folders.
        }
    }

    private static EntryCheck Corrupt(string problem) => new(EntryState.Corrupt, null, problem);

    private static string Files(int count) => count == 1 ? "1 file" : $"{count} files";

    private static string Seconds(TimeSpan elapsed) =>
        string.Create(CultureInfo.InvariantCulture, $"{elapsed.TotalSeconds:0.0} s");
}

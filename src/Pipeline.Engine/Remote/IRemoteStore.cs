namespace Pipeline.Engine;

/// <summary>
/// A shared object store the remote cache keeps its entries in: a folder (<c>file://</c>) or an S3-compatible bucket
/// (<c>s3://</c>). Objects are named by '/'-separated relative names. An upload is atomic: an object is visible whole
/// or not at all, and a second upload of the same name replaces it whole. Failures throw <see cref="RemoteStoreException"/>
/// with a message that names the remote and what went wrong.
/// </summary>
public interface IRemoteStore : IDisposable
{
    /// <summary>The remote as the user named it (<c>s3://bucket/prefix</c>, <c>file:///shared/cache</c>), for messages.</summary>
    string Location { get; }

    /// <summary>The size of an object in bytes, or null when there is none of that name.</summary>
    Task<long?> SizeAsync(string name, CancellationToken cancellationToken);

    /// <summary>
    /// Streams an object into <paramref name="destination"/>, reporting the bytes copied so far; false when there is no
    /// object of that name (nothing was written then). Throws <see cref="InvalidDataException"/> when the store itself
    /// finds the object damaged (its checksum does not match).
    /// </summary>
    Task<bool> DownloadAsync(string name, Stream destination, IProgress<long>? progress, CancellationToken cancellationToken);

    /// <summary>Streams a local file into an object (large files in parts), reporting the bytes sent so far.</summary>
    Task UploadAsync(string name, string localPath, IProgress<long>? progress, CancellationToken cancellationToken);
}

using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Pipeline.Engine;

/// <summary>
/// A remote in an S3-compatible bucket, through the AWS SDK: AWS itself, or MinIO, Ceph, R2 through an endpoint
/// override with path-style addressing. Credentials come from the SDK's standard chain (AWS_ACCESS_KEY_ID and
/// AWS_SECRET_ACCESS_KEY, AWS_PROFILE and ~/.aws, web identity, instance roles). Files above
/// <see cref="MultipartThreshold"/> go up as multipart uploads streamed from disk part by part; S3 makes an object
/// visible only when its upload completes, and an upload that fails is aborted.
/// </summary>
public sealed class S3RemoteStore : IRemoteStore
{
    /// <summary>Files of at least this size are sent in parts.</summary>
    public const long MultipartThreshold = 16L << 20;

    private const long MinimumPartSize = 16L << 20;
    private const int MaximumParts = 9_000;
    private const int PartsInFlight = 4;
    private const int CopyBufferSize = 1 << 20;
    private readonly Lazy<AmazonS3Client> _lazyClient;
    private readonly string _bucket;
    private readonly string _prefix;

    private S3RemoteStore(RemoteSettings settings, string bucket, string prefix)
    {
        Location = settings.Url;
        // Made on first use: setting up the SDK client costs a noticeable part of a no-op build that never calls it.
        _lazyClient = new Lazy<AmazonS3Client>(() => CreateClient(settings), LazyThreadSafetyMode.ExecutionAndPublication);
        _bucket = bucket;
        _prefix = prefix;
    }

    /// <inheritdoc />
    public string Location { get; }

    /// <summary>Creates the client for an <c>s3://bucket/prefix</c> URL; throws <see cref="EngineException"/> for a bad URL or endpoint.</summary>
    public static S3RemoteStore Create(RemoteSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var rest = settings.Url["s3://".Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var bucket = slash < 0 ? rest : rest[..slash];
        var prefix = slash < 0 ? "" : rest[(slash + 1)..].Trim('/');
        if (bucket.Length is < 3 or > 63 || !bucket.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '.'))
        {
            throw new EngineException($"remote '{settings.Url}': '{bucket}' is not a bucket name (3-63 lowercase letters, digits, '-', '.').");
        }

        if (!string.IsNullOrWhiteSpace(settings.Endpoint)
            && (!Uri.TryCreate(settings.Endpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https")))
        {
            throw new EngineException($"remote '{settings.Url}': S3 endpoint '{settings.Endpoint}' is not an http:// or https:// URL.");
        }

        return new S3RemoteStore(settings, bucket, prefix);
    }

    private AmazonS3Client Client => _lazyClient.Value;

    private static AmazonS3Client CreateClient(RemoteSettings settings)
    {
        var config = new AmazonS3Config
        {
            // Checksums only where S3 requires them: several S3-compatible stores reject the newer trailing checksums.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            MaxErrorRetry = 3,
        };
        if (!string.IsNullOrWhiteSpace(settings.Endpoint))
        {
            config.ServiceURL = new Uri(settings.Endpoint).ToString();
            config.AuthenticationRegion = settings.Region ?? "us-east-1";
            config.ForcePathStyle = settings.PathStyle ?? true;
        }
        else
        {
            config.ForcePathStyle = settings.PathStyle ?? false;
            if (settings.Region is { } region)
            {
                config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(region);
            }
        }

        try
        {
            return new AmazonS3Client(config);
        }
        catch (AmazonClientException e)
        {
            throw new RemoteStoreException($"remote {settings.Url}: cannot set up the S3 client: {e.Message}", e);
        }
    }

    /// <inheritdoc />
    public async Task<long?> SizeAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            var response = await Client.GetObjectMetadataAsync(_bucket, KeyOf(name), cancellationToken).ConfigureAwait(false);
            return response.ContentLength;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound && e.ErrorCode is null or "NotFound" or "NoSuchKey")
        {
            return null;
        }
        catch (Exception e) when (IsRemoteFailure(e))
        {
            throw Failure("look up " + name, e);
        }
    }

    /// <inheritdoc />
    public async Task<bool> DownloadAsync(string name, Stream destination, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        GetObjectResponse response;
        try
        {
            response = await Client.GetObjectAsync(_bucket, KeyOf(name), cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound && e.ErrorCode is "NoSuchKey")
        {
            return false;
        }
        catch (Exception e) when (IsRemoteFailure(e))
        {
            throw Failure("download " + name, e);
        }

        using (response)
        {
            var buffer = new byte[CopyBufferSize];
            long total = 0;
            while (true)
            {
                int read;
                try
                {
                    read = await response.ResponseStream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                }
                catch (AmazonClientException e) when (e.Message.Contains("Expected hash not equal to calculated hash", StringComparison.Ordinal))
                {
                    // The SDK checks a single-part object against its ETag (MD5): the server holds damaged bytes.
                    throw new InvalidDataException($"the object's bytes do not match its ETag ({e.Message})", e);
                }
                catch (Exception e) when (IsRemoteFailure(e))
                {
                    throw Failure($"download {name} (cut off after {total} bytes)", e);
                }

                if (read == 0)
                {
                    break;
                }

                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                total += read;
                progress?.Report(total);
            }

            if (response.ContentLength >= 0 && total != response.ContentLength)
            {
                throw new RemoteStoreException($"remote {Location}: download {name} ended after {total} of {response.ContentLength} bytes");
            }
        }

        return true;
    }

    /// <inheritdoc />
    public async Task UploadAsync(string name, string localPath, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var size = new FileInfo(localPath).Length;
        var key = KeyOf(name);
        try
        {
            if (size < MultipartThreshold)
            {
                var request = new PutObjectRequest { BucketName = _bucket, Key = key, FilePath = localPath, UseChunkEncoding = false };
                request.StreamTransferProgress += (_, e) => progress?.Report(e.TransferredBytes);
                await Client.PutObjectAsync(request, cancellationToken).ConfigureAwait(false);
                progress?.Report(size);
                return;
            }
        }
        catch (Exception e) when (IsRemoteFailure(e))
        {
            throw Failure("upload " + name, e);
        }

        await UploadPartsAsync(name, key, localPath, size, progress, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_lazyClient.IsValueCreated)
        {
            _lazyClient.Value.Dispose();
        }
    }

    private async Task UploadPartsAsync(string name, string key, string localPath, long size, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        string uploadId;
        try
        {
            var started = await Client.InitiateMultipartUploadAsync(
                new InitiateMultipartUploadRequest { BucketName = _bucket, Key = key }, cancellationToken).ConfigureAwait(false);
            uploadId = started.UploadId;
        }
        catch (Exception e) when (IsRemoteFailure(e))
        {
            throw Failure("start the multipart upload of " + name, e);
        }

        var partSize = Math.Max(MinimumPartSize, (size + MaximumParts - 1) / MaximumParts);
        var partCount = (int)((size + partSize - 1) / partSize);
        var sent = new long[partCount];
        var etags = new PartETag[partCount];
        using var gate = new SemaphoreSlim(PartsInFlight);
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            var parts = Enumerable.Range(0, partCount).Select(async index =>
            {
                await gate.WaitAsync(failed.Token).ConfigureAwait(false);
                try
                {
                    var position = index * partSize;
                    var request = new UploadPartRequest
                    {
                        BucketName = _bucket,
                        Key = key,
                        UploadId = uploadId,
                        PartNumber = index + 1,
                        FilePath = localPath,
                        FilePosition = position,
                        PartSize = Math.Min(partSize, size - position),
                        IsLastPart = index == partCount - 1,
                        UseChunkEncoding = false,
                    };
                    request.StreamTransferProgress += (_, e) =>
                    {
                        Volatile.Write(ref sent[index], e.TransferredBytes);
                        progress?.Report(sent.Sum(s => Volatile.Read(ref s)));
                    };
                    var response = await Client.UploadPartAsync(request, failed.Token).ConfigureAwait(false);
                    etags[index] = new PartETag(index + 1, response.ETag);
                }
                catch
                {
                    await failed.CancelAsync().ConfigureAwait(false);
                    throw;
                }
                finally
                {
                    gate.Release();
                }
            }).ToList();
            try
            {
                await Task.WhenAll(parts).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Parts cancelled because another failed: report the part that failed, not a cancellation.
                throw parts.Where(p => p.IsFaulted).Select(p => p.Exception!.InnerException!).FirstOrDefault() ?? throw new RemoteStoreException($"remote {Location}: the upload of {name} was cut off");
            }

            await Client.CompleteMultipartUploadAsync(
                new CompleteMultipartUploadRequest { BucketName = _bucket, Key = key, UploadId = uploadId, PartETags = [.. etags] },
                cancellationToken).ConfigureAwait(false);
            progress?.Report(size);
        }
        catch (Exception e) when (IsRemoteFailure(e) || e is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            await TryAbortAsync(key, uploadId).ConfigureAwait(false);
            throw Failure("upload " + name, e);
        }
        catch
        {
            await TryAbortAsync(key, uploadId).ConfigureAwait(false);
            throw;
        }
    }

    private async Task TryAbortAsync(string key, string uploadId)
    {
        // Parts of an unfinished upload are invisible but cost storage until aborted (or a lifecycle rule expires them).
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await Client.AbortMultipartUploadAsync(
                new AbortMultipartUploadRequest { BucketName = _bucket, Key = key, UploadId = uploadId }, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (IsRemoteFailure(e) || e is OperationCanceledException)
        {
        }
    }

    private string KeyOf(string name)
    {
        RemoteNames.Validate(name);
        return _prefix.Length == 0 ? name : $"{_prefix}/{name}";
    }

    private static bool IsRemoteFailure(Exception e) =>
        e is AmazonServiceException or AmazonClientException or HttpRequestException or IOException or TimeoutException
            || e is TaskCanceledException { InnerException: TimeoutException };

    private RemoteStoreException Failure(string what, Exception e)
    {
        var cause = FirstInner(e);
        var hint = e is AmazonS3Exception s3 ? Hint(s3) : "";
        return new RemoteStoreException($"remote {Location}: cannot {what}: {cause}{hint}", e);
    }

    private static string Hint(AmazonS3Exception e) => e.ErrorCode switch
    {
        "InvalidAccessKeyId" or "SignatureDoesNotMatch" or "InvalidToken" or "ExpiredToken" =>
            " (the credentials were refused: check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE)",
        "AccessDenied" => " (the credentials may not read or write this bucket and prefix)",
        "NoSuchBucket" => " (the bucket does not exist: create it, or fix the remote URL)",
        _ => "",
    };

    /// <summary>The innermost useful message: the SDK wraps socket errors in several layers.</summary>
    private static string FirstInner(Exception e)
    {
        var messages = new List<string>();
        for (var current = e; current is not null; current = current.InnerException)
        {
            var text = current is AmazonServiceException service && service.ErrorCode is { Length: > 0 } code
                ? $"{code}: {current.Message}"
                : current.Message;
            // The SDK's wrappers say only their own type name.
            if (!string.IsNullOrWhiteSpace(text) && !messages.Contains(text) && !text.StartsWith("Exception of type ", StringComparison.Ordinal))
            {
                messages.Add(text);
            }
        }

        return string.Join(" <- ", messages.Take(3));
    }
}

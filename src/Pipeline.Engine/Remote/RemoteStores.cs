namespace Pipeline.Engine;

/// <summary>Opens the remote store a URL names: <c>file://</c> folders and <c>s3://</c> buckets.</summary>
public static class RemoteStores
{
    /// <summary>Opens the store; throws <see cref="EngineException"/> for a URL it cannot use, saying why.</summary>
    public static IRemoteStore Open(RemoteSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var url = settings.Url.Trim();
        if (url.StartsWith("s3://", StringComparison.OrdinalIgnoreCase))
        {
            return S3RemoteStore.Create(settings with { Url = url });
        }

        if (url.StartsWith("file://", StringComparison.OrdinalIgnoreCase))
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !uri.IsFile || !string.IsNullOrEmpty(uri.Host) && uri.Host != "localhost")
            {
                throw new EngineException($"remote '{url}': a file remote is file:///absolute/path (three slashes, no host).");
            }

            return new FileRemoteStore(url, uri.LocalPath);
        }

        throw new EngineException($"remote '{url}': unknown scheme; use file:///shared/path or s3://bucket/prefix.");
    }
}

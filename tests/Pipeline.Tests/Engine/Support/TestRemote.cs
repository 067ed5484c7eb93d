using Pipeline.Benchmarks.Infrastructure;
using Pipeline.Engine;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Engine.Support;

/// <summary>
/// A real remote for one test: a temporary folder (<c>file://</c>) or a bucket prefix on a real s3rver (<c>s3://</c>).
/// Tests damage it only the way the real thing can be damaged: a file remote's files directly, an S3 object by
/// uploading other bytes through the S3 API.
/// </summary>
internal sealed class TestRemote : IDisposable
{
    private readonly string? _folder;

    private TestRemote(string kind, string url, string? folder, S3rverServer? server)
    {
        Kind = kind;
        Url = url;
        _folder = folder;
        Server = server;
    }

    public string Kind { get; }

    public string Url { get; }

    /// <summary>The s3rver behind an s3 remote.</summary>
    public S3rverServer? Server { get; }

    public static TestRemote Create(string kind)
    {
        if (kind == "file")
        {
            var folder = Path.Combine(Path.GetTempPath(), "remote-tests", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            return new TestRemote(kind, new Uri(folder).AbsoluteUri, folder, null);
        }

        S3Credentials.UseTestServerCredentials();
        var server = new S3rverServer(BuildProcess.RepositoryRoot);
        return new TestRemote(kind, $"s3://{S3rverServer.Bucket}/fleet/{Guid.NewGuid():N}", null, server);
    }

    public RemoteSettings Settings(bool readOnly = false) => new() { Url = Url, ReadOnly = readOnly, Endpoint = Server?.Endpoint };

    public IRemoteStore Open(bool readOnly = false) => RemoteStores.Open(Settings(readOnly));

    public EngineSettings With(EngineSettings settings, IRemoteStore store, bool readOnly = false) =>
        settings with { Remote = store, RemoteReadOnly = readOnly };

    /// <summary>Names of every manifest on the remote (one per pushed entry).</summary>
    public async Task<int> CountEntriesAsync(IEnumerable<string> keys)
    {
        using var store = Open();
        var count = 0;
        foreach (var key in keys)
        {
            if (await store.SizeAsync(RemoteNames.Entry(key), CancellationToken.None) is not null)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Replaces an object with its first <paramref name="length"/> bytes.</summary>
    public async Task TruncateAsync(string name, long length)
    {
        if (_folder is not null)
        {
            await using var file = new FileStream(PathOf(name), FileMode.Open, FileAccess.Write);
            file.SetLength(length);
            return;
        }

        using var store = Open();
        var temp = Path.GetTempFileName();
        try
        {
            await using (var copy = File.Create(temp))
            {
                Assert(await store.DownloadAsync(name, copy, null, CancellationToken.None), name);
                copy.SetLength(length);
            }

            await store.UploadAsync(name, temp, null, CancellationToken.None);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>Replaces an object with other bytes.</summary>
    public async Task OverwriteAsync(string name, byte[] content)
    {
        if (_folder is not null)
        {
            await File.WriteAllBytesAsync(PathOf(name), content);
            return;
        }

        using var store = Open();
        var temp = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(temp, content);
            await store.UploadAsync(name, temp, null, CancellationToken.None);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    public void Dispose()
    {
        Server?.Dispose();
        if (_folder is not null)
        {
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private string PathOf(string name) => Path.Combine(_folder!, name);

    private static void Assert(bool found, string name)
    {
        if (!found)
        {
            throw new InvalidOperationException($"{name} is not on the remote");
        }
    }
}

using System.Diagnostics;
using Pipeline.Benchmarks.Infrastructure;
using Pipeline.Engine;

namespace Pipeline.Benchmarks.Figures;

/// <summary>
/// (i) the remote cache: push and pull of one checkpoint-sized entry (a 300 MB file) through the engine's
/// <see cref="RemoteCache"/>, against a real S3-compatible server on localhost (s3rver) and a folder remote; the rise of
/// this process's peak resident memory over the transfers (files are streamed, never held whole); and the fully cached
/// <c>./build.sh Ensemble</c> with an S3 remote configured (it must make no remote call).
/// </summary>
public static class RemoteCacheThroughput
{
    private const long FileBytes = 300_000_000;
    private const string Key = "0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e";

    public static IReadOnlyList<Figure> Measure(BenchContext context, int repeats)
    {
        var root = Path.Combine(context.WorkDirectory, "remote");
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }

        Directory.CreateDirectory(root);
        using var server = new S3rverServer(context.Request.RepositoryRoot);
        // The S3 client takes credentials the standard way; these are the local server's dummy account.
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", S3rverServer.AccessKey);
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", S3rverServer.SecretKey);
        try
        {
            var source = new ArtifactStore(new ArtifactLayout(Path.Combine(root, "source")), new ContentHasher(StatCache.InMemory(TimeSpan.Zero)));
            WriteEntry(source);
            var peakBefore = ProcStatus.Memory(Environment.ProcessId)?.Peak ?? 0;
            var figures = new List<Figure>();
            var count = Math.Min(repeats, 3);
            foreach (var (kind, settings) in new (string, Func<int, RemoteSettings>)[]
            {
                ("s3", r => new RemoteSettings { Url = $"s3://{S3rverServer.Bucket}/bench-{r}", Endpoint = server.Endpoint }),
                ("file", r =>
                {
                    var folder = Path.Combine(root, $"file-remote-{r}");
                    Directory.CreateDirectory(folder);
                    return new RemoteSettings { Url = new Uri(folder).AbsoluteUri };
                }),
            })
            {
                var push = new List<double>();
                var pull = new List<double>();
                for (int r = 0; r < count; r++)
                {
                    using var store = RemoteStores.Open(settings(r));
                    var clock = Stopwatch.StartNew();
                    new RemoteCache(store, false, source).PushAsync(Key, "bench").GetAwaiter().GetResult();
                    push.Add(FileBytes / 1e6 / clock.Elapsed.TotalSeconds);

                    var target = new ArtifactStore(new ArtifactLayout(Path.Combine(root, $"pull-{kind}-{r}")), new ContentHasher(StatCache.InMemory(TimeSpan.Zero)));
                    clock.Restart();
                    var pulled = new RemoteCache(store, true, target).PullAsync(Key, "bench").GetAwaiter().GetResult();
                    pull.Add(FileBytes / 1e6 / clock.Elapsed.TotalSeconds);
                    if (pulled.State != EntryState.Valid)
                    {
                        throw new InvalidOperationException($"the {kind} pull came back {pulled.State}: {pulled.Problem}");
                    }

                    Directory.Delete(target.Layout.Root, recursive: true);
                }

                var where = kind == "s3" ? "s3rver 3.7.1 on 127.0.0.1 (node; it writes and MD5s every byte to local disk)" : "a folder on the same local disk";
                figures.Add(Figure.Of($"i.push.{kind}", $"remote cache push of a 300 MB entry to {kind}://", "MB/s", push)
                    .WithNote(kind == "s3" ? $"{where}; multipart parts of 16 MiB, 4 in flight" : where));
                figures.Add(Figure.Of($"i.pull.{kind}", $"remote cache pull of a 300 MB entry from {kind}://, every byte hashed and checked", "MB/s", pull)
                    .WithNote(where));
            }

            var peakAfter = ProcStatus.Memory(Environment.ProcessId)?.Peak ?? 0;
            figures.Add(Figure.Of("i.memory", "rise of this process's peak RSS over all pushes and pulls of the 300 MB file", "MB", [(peakAfter - peakBefore) / 1e6])
                .AtMost(150, "0"));
            figures.AddRange(CachedBuildWithRemote(context, server, repeats));
            return figures;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>The experiment's fully cached Ensemble with <c>--remote s3://...</c>: a no-op must not touch the remote.</summary>
    private static IReadOnlyList<Figure> CachedBuildWithRemote(BenchContext context, S3rverServer server, int repeats)
    {
        var artifacts = context.PipelineArtifacts;
        var remote = $"s3://{S3rverServer.Bucket}/cached-build";
        string[] build = ["Ensemble", .. context.CommonArguments(artifacts), "--remote", remote];
        var environment = server.Environment();
        var warm = context.RunBuildScript("remote-cached-build", build, environment: environment);
        Thread.Sleep(EngineSettings.DefaultStatCacheRacyWindow + TimeSpan.FromSeconds(1));
        var check = new List<string>();
        context.RunBuildScript("remote-cached-build", build, check, environment);
        if (warm.ExitCode != 0 || check.Any(l => l.Contains(": started", StringComparison.Ordinal) || l.Contains("pull", StringComparison.Ordinal)))
        {
            return [Figure.Missing("i.cached", "fully cached ./build.sh Ensemble with a remote", "s", $"the experiment did not build to a fully cached state; see {warm.LogPath}")];
        }

        // Stop the server: a timed no-op that called it would fail.
        server.Kill();
        var times = new List<double>();
        var failures = 0;
        for (int r = 0; r < repeats; r++)
        {
            var outcome = context.RunBuildScript("remote-cached-build", build, environment: environment);
            failures += outcome.ExitCode == 0 ? 0 : 1;
            times.Add(outcome.Elapsed.TotalSeconds);
        }

        var figure = Figure.Of("i.cached", "fully cached ./build.sh Ensemble with an s3:// remote configured (server stopped: no call is made), wall time including process start", "s", times)
            .AtMost(2.0);
        return [failures == 0 ? figure : figure.WithNote($"{failures} timed run(s) failed: a remote call was made; see logs/remote-cached-build.log")];
    }

    private static void WriteEntry(ArtifactStore store)
    {
        var work = store.PrepareWorkDirectory(Key);
        var block = new byte[1 << 20];
        var random = new Random(9);
        using (var stream = File.Create(Path.Combine(work, "checkpoint.pt")))
        {
            for (long written = 0; written < FileBytes; written += block.Length)
            {
                random.NextBytes(block);
                stream.Write(block, 0, (int)Math.Min(block.Length, FileBytes - written));
            }
        }

        store.Commit(Key, "bench", "bench", DateTimeOffset.UnixEpoch);
    }
}

using Pipeline.Engine;
using Pipeline.Tests.Engine.Support;
using Xunit;

namespace Pipeline.Tests.Engine.Remote;

/// <summary>
/// The remote cache against real remotes (a temporary folder, and a real s3rver on localhost): two artifacts folders
/// play two runners of a fleet. Whether a stage executed is observed through the test host's counter, never timed.
/// </summary>
public sealed class RemoteCacheTests : IDisposable
{
    private readonly EngineSandbox _a = new();
    private readonly EngineSandbox _b = new();
    private readonly EngineSandbox _c = new();
    private readonly List<IDisposable> _owned = [];

    public static TheoryData<string> Kinds => new() { "file", "s3" };

    public void Dispose()
    {
        foreach (var owned in _owned.AsEnumerable().Reverse())
        {
            owned.Dispose();
        }

        _a.Dispose();
        _b.Dispose();
        _c.Dispose();
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void What_one_runner_pushed_another_pulls_instead_of_running(string kind)
    {
        var remote = Remote(kind);
        var graph = new ChainExperiment().Graph();

        var first = Build(_a, remote, graph);
        Assert.Equal(["Prepare", "Train/main", "Report", "Extra"], _a.Executions());
        Assert.Empty(first.RemoteFailures);

        var plan = _b.Plan(graph, new BuildRequest("All"), Settings(_b, remote)).Render();
        Assert.Equal("Prepare: cached (remote)\nTrain: cached (remote)\nReport: cached (remote)\nExtra: cached (remote)\nAll: cached\n", plan);

        var events = new RecordingEvents();
        var second = Build(_b, remote, graph, events);
        Assert.True(second.Succeeded, string.Join("\n", second.Failures));
        Assert.Empty(_b.Executions());
        Assert.All(second.Runs, r => Assert.True(r.Pulled, $"{r.RunId} was not pulled"));
        Assert.Contains(events.Messages, m => m.StartsWith("Info: Train/main: pulled from " + remote.Url, StringComparison.Ordinal));
        var report = second.Runs.Single(r => r.RunId == "Report");
        Assert.Equal(
            File.ReadAllText(Path.Combine(_a.EntryDirectory(report.Key!), "upstream.txt")),
            File.ReadAllText(Path.Combine(_b.EntryDirectory(report.Key!), "upstream.txt")));

        var third = Build(_b, remote, graph);
        Assert.All(third.Runs, r => Assert.Equal((RunStatus.Cached, false), (r.Status, r.Pulled)));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_fully_cached_local_build_makes_no_remote_calls(string kind)
    {
        var remote = Remote(kind);
        var graph = new ChainExperiment().Graph();
        Build(_a, remote, graph);
        _a.ResetCounter();

        // The same remote, now unreachable: any call would fail the build.
        IRemoteStore unreachable;
        if (remote.Server is { } server)
        {
            server.Kill();
            unreachable = remote.Open();
        }
        else
        {
            unreachable = new FileRemoteStore(remote.Url, Path.Combine(Path.GetTempPath(), "remote-tests", "never-mounted-" + Guid.NewGuid().ToString("N")));
        }

        _owned.Add(unreachable);
        var settings = _a.CreateSettings() with { Remote = unreachable };
        var events = new RecordingEvents();
        var result = _a.Build(graph, new BuildRequest("All"), events, settings);

        Assert.Equal(0, result.ExitCode);
        Assert.All(result.Runs, r => Assert.Equal(RunStatus.Cached, r.Status));
        Assert.Empty(events.Messages);
        Assert.Equal("Prepare: cached\nTrain: cached\nReport: cached\nExtra: cached\nAll: cached\n", _a.Plan(graph, new BuildRequest("All"), settings).Render());

        // And the unreachable remote does fail what needs it, saying so.
        var fresh = _c.Build(graph, new BuildRequest("All"), null, _c.CreateSettings() with { Remote = unreachable });
        Assert.Equal(1, fresh.ExitCode);
        Assert.Empty(_c.Executions());
        Assert.Contains(remote.Url, fresh.Failures[0], StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task A_read_only_runner_pulls_but_never_pushes(string kind)
    {
        var remote = Remote(kind);
        var experiment = new ChainExperiment();
        Build(_a, remote, experiment.Graph());

        var changed = Build(_b, remote, (experiment with { TrainText = "b2" }).Graph(), readOnly: true);

        Assert.True(changed.Succeeded, string.Join("\n", changed.Failures));
        Assert.Equal(["Train/main", "Report"], _b.Executions());
        Assert.True(changed.Runs.Single(r => r.RunId == "Prepare").Pulled);
        var newKeys = changed.Runs.Where(r => r.Status == RunStatus.Ran).Select(r => r.Key!).ToList();
        Assert.Equal(0, await remote.CountEntriesAsync(newKeys));
        Assert.False(Directory.Exists(new ArtifactLayout(_b.Artifacts).RemotePendingDirectory)
            && Directory.EnumerateFiles(new ArtifactLayout(_b.Artifacts).RemotePendingDirectory).Any());
    }

    [Fact]
    public void A_forced_run_executes_although_the_remote_has_it_and_its_push_replaces_the_entry()
    {
        var remote = Remote("file");
        var graph = new ChainExperiment().Graph();
        Build(_a, remote, graph);

        var events = new RecordingEvents();
        var forced = _b.Build(graph, new BuildRequest("All") { ForceTargets = ["Train"] }, events, Settings(_b, remote));

        Assert.True(forced.Succeeded, string.Join("\n", forced.Failures));
        Assert.Equal(["Train/main"], _b.Executions());
        var train = forced.Runs.Single(r => r.RunId == "Train/main");
        Assert.Contains(events.Messages, m => m.StartsWith($"Info: Train/main: pushed to {remote.Url}", StringComparison.Ordinal));
        var pushed = File.ReadAllText(Path.Combine(new Uri(remote.Url).LocalPath, RemoteNames.Entry(train.Key!)));
        Assert.Equal(File.ReadAllText(Path.Combine(_b.EntryDirectory(train.Key!), OutputManifest.FileName)), pushed);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task A_truncated_remote_file_is_reported_ignored_rebuilt_and_replaced(string kind)
    {
        var remote = Remote(kind);
        var graph = new ChainExperiment().Graph();
        var pushed = Build(_a, remote, graph);
        var train = pushed.Runs.Single(r => r.RunId == "Train/main");
        var file = train.Manifest!.Files.Single(f => f.Path == "b.txt");
        await remote.TruncateAsync(RemoteNames.Blob(file.Hash), 0);

        var events = new RecordingEvents();
        var result = Build(_b, remote, graph, events);

        Assert.True(result.Succeeded, string.Join("\n", result.Failures));
        Assert.Contains(
            $"Warning: Train/main: remote entry {train.Key} on {remote.Url} is corrupt (b.txt: size 0, expected 1): ignored, rebuilding; the rebuilt entry replaces it",
            events.Messages);
        Assert.Equal(["Train/main"], _b.Executions());
        Assert.Equal("b", File.ReadAllText(Path.Combine(_b.EntryDirectory(train.Key!), "b.txt")));
        Assert.Empty(Directory.EnumerateDirectories(new ArtifactLayout(_b.Artifacts).TmpDirectory, "pull-*"));

        // The rebuilt entry replaced the bad one: a third runner pulls everything.
        Build(_c, remote, graph);
        Assert.Empty(_c.Executions());
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task An_unreadable_remote_manifest_is_reported_and_rebuilt(string kind)
    {
        var remote = Remote(kind);
        var graph = new ChainExperiment().Graph();
        var pushed = Build(_a, remote, graph);
        var extra = pushed.Runs.Single(r => r.RunId == "Extra");
        await remote.OverwriteAsync(RemoteNames.Entry(extra.Key!), "{\"key\": 3"u8.ToArray());

        var plan = _b.Plan(graph, new BuildRequest("Extra"), Settings(_b, remote)).Render();
        Assert.StartsWith("Extra: run (no cache entry, remote entry corrupt (manifest.json: unreadable", plan, StringComparison.Ordinal);

        var events = new RecordingEvents();
        Build(_b, remote, graph, events);
        Assert.Equal(["Extra"], _b.Executions());
        Assert.Contains(events.Messages, m => m.StartsWith($"Warning: Extra: remote entry {extra.Key} on {remote.Url} is corrupt (manifest.json: unreadable", StringComparison.Ordinal));

        Build(_c, remote, graph);
        Assert.Empty(_c.Executions());
    }

    [Fact]
    public void A_remote_entry_with_a_missing_file_is_partial_and_rebuilt()
    {
        var remote = Remote("file");
        var graph = new ChainExperiment().Graph();
        var pushed = Build(_a, remote, graph);
        var prepare = pushed.Runs.Single(r => r.RunId == "Prepare");
        var blob = new Uri(remote.Url).LocalPath + "/" + RemoteNames.Blob(prepare.Manifest!.Files.Single(f => f.Path == "a.txt").Hash);
        File.Delete(blob);

        var events = new RecordingEvents();
        var result = Build(_b, remote, graph, events);

        Assert.True(result.Succeeded);
        Assert.Contains(events.Messages, m => m.Contains("Prepare: remote entry", StringComparison.Ordinal) && m.Contains("(a.txt: missing on the remote)", StringComparison.Ordinal));
        Assert.Equal(["Prepare"], _b.Executions());
        Assert.True(File.Exists(blob), "the rebuilt entry's push did not restore the missing file");
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Two_runners_pushing_one_key_at_once_leave_one_whole_entry(string kind)
    {
        var remote = Remote(kind);
        const string key = "0123456789abcdef0123456789abcdef";
        var stores = new[] { _a, _b }.Select((sandbox, i) =>
        {
            var store = new ArtifactStore(new ArtifactLayout(sandbox.Artifacts), new ContentHasher(StatCache.InMemory(TimeSpan.Zero)));
            var work = store.PrepareWorkDirectory(key);
            // Different bytes under one key (as two GPU runners may produce): large enough for multipart uploads.
            var bytes = new byte[20 << 20];
            new Random(i + 1).NextBytes(bytes);
            File.WriteAllBytes(Path.Combine(work, "model.pt"), bytes);
            File.WriteAllText(Path.Combine(work, "runner.txt"), $"runner {i}");
            store.Commit(key, "Train/main", "write", DateTimeOffset.UnixEpoch);
            return store;
        }).ToList();

        for (var round = 0; round < 3; round++)
        {
            var pushes = stores.Select(async store =>
            {
                using var client = remote.Open();
                await Task.Yield();
                await new RemoteCache(client, false, store).PushAsync(key, "Train/main");
            }).ToList();
            await Task.WhenAll(pushes);

            var reader = new ArtifactStore(new ArtifactLayout(_c.Artifacts), new ContentHasher(StatCache.InMemory(TimeSpan.Zero)));
            using var readerClient = remote.Open();
            var pulled = await new RemoteCache(readerClient, true, reader).PullAsync(key, "Train/main");
            if (kind == "s3" && pulled.State == EntryState.Corrupt)
            {
                // s3rver, unlike S3, MinIO and Ceph, writes an object in place: two PUTs of one name at once can
                // interleave. The damage is found (never used), and the next push, as a rebuild makes, repairs it.
                Assert.Contains("manifest.json", pulled.Problem!, StringComparison.Ordinal);
                await new RemoteCache(readerClient, false, stores[round % 2]).PushAsync(key, "Train/main");
                pulled = await new RemoteCache(readerClient, true, reader).PullAsync(key, "Train/main");
            }

            Assert.Equal(EntryState.Valid, pulled.State);
            var runner = File.ReadAllText(Path.Combine(reader.Layout.EntryDirectory(key), "runner.txt"));
            var source = stores[runner == "runner 0" ? 0 : 1];
            Assert.Equal(
                File.ReadAllBytes(Path.Combine(source.Layout.EntryDirectory(key), "model.pt")),
                File.ReadAllBytes(Path.Combine(reader.Layout.EntryDirectory(key), "model.pt")));
            reader.Discard(key);
        }
    }

    [Fact]
    public async Task A_remote_killed_mid_push_exposes_nothing_and_the_next_build_pushes_again()
    {
        var remote = Remote("s3");
        var server = remote.Server!;
        var graph = BytesGraph(96L << 20);

        // Kill the server as soon as it has stored the first part of the multipart upload.
        var uploads = Task.Run(async () =>
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
            while (DateTime.UtcNow < deadline)
            {
                if (Directory.EnumerateFiles(server.DataDirectory, "*.md5", SearchOption.AllDirectories)
                    .Any(f => f.Contains("uploads", StringComparison.Ordinal)))
                {
                    server.Kill();
                    return true;
                }

                await Task.Delay(10);
            }

            return false;
        });
        var killed = Build(_a, remote, graph);
        Assert.True(await uploads, "the multipart upload never started");

        var run = killed.Runs.Single();
        Assert.Equal(RunStatus.Ran, run.Status);
        Assert.Equal(1, killed.ExitCode);
        var failure = Assert.Single(killed.RemoteFailures);
        Assert.StartsWith($"Big: push to {remote.Url} failed: remote {remote.Url}: cannot upload {RemoteNames.Blob(run.Manifest!.Files.Single().Hash)}", failure, StringComparison.Ordinal);
        Assert.EndsWith("the entry is complete locally and the next build with this remote pushes it", failure, StringComparison.Ordinal);

        // Back up: nothing of the cut-off push is visible, so a second runner runs the stage itself.
        server.Restart();
        Assert.Equal(0, await remote.CountEntriesAsync([run.Key!]));
        using (var client = remote.Open())
        {
            Assert.Null(await client.SizeAsync(RemoteNames.Blob(run.Manifest.Files.Single().Hash), CancellationToken.None));
        }

        var events = new RecordingEvents();
        var again = Build(_a, remote, graph, events);
        Assert.Equal(0, again.ExitCode);
        Assert.Equal(RunStatus.Cached, again.Runs.Single().Status);
        Assert.Contains(events.Messages, m => m.StartsWith($"Info: Big: pushed to {remote.Url}", StringComparison.Ordinal));

        Build(_c, remote, graph);
        Assert.Empty(_c.Executions());
        Assert.Equal(
            File.ReadAllBytes(Path.Combine(_a.EntryDirectory(run.Key!), "data.bin")),
            File.ReadAllBytes(Path.Combine(_c.EntryDirectory(run.Key!), "data.bin")));
    }

    private static BuildGraph BytesGraph(long size) => new(
        [new TargetDefinition("Big", "a checkpoint-sized output")],
        [new StageRun("Big", "Big", "bytes") { Parameters = new System.Text.Json.Nodes.JsonObject { ["size"] = size, ["seed"] = 7 }, Code = "bytes-v1" }]);

    private TestRemote Remote(string kind)
    {
        var remote = TestRemote.Create(kind);
        _owned.Add(remote);
        return remote;
    }

    private EngineSettings Settings(EngineSandbox sandbox, TestRemote remote, bool readOnly = false)
    {
        var store = remote.Open(readOnly);
        _owned.Add(store);
        return sandbox.CreateSettings() with { Remote = store, RemoteReadOnly = readOnly };
    }

    private BuildResult Build(EngineSandbox sandbox, TestRemote remote, BuildGraph graph, IEngineEvents? events = null, bool readOnly = false)
    {
        var target = graph.Targets.Last().Name;
        var result = sandbox.Build(graph, new BuildRequest(target), events, Settings(sandbox, remote, readOnly));
        return result;
    }
}

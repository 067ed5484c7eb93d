using System.Text.Json.Nodes;
using Pipeline.Engine;
using Pipeline.Foundation;
using Pipeline.Tests.Engine.Support;
using Xunit;

namespace Pipeline.Tests.Engine;

public sealed class HashingTests : IDisposable
{
    private readonly EngineSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public void The_stat_cache_avoids_rehashing_unchanged_files_and_rehashes_changed_ones()
    {
        var path = _sandbox.WriteInput("data/a.bin", "hello");
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(-10));
        var statPath = Path.Combine(_sandbox.Root, "stat.json");

        var first = new ContentHasher(StatCache.Load(statPath, TimeSpan.FromSeconds(2)));
        var hash = first.HashFile(path);
        first.StatCache.Save();
        var second = new ContentHasher(StatCache.Load(statPath, TimeSpan.FromSeconds(2)));
        var again = second.HashFile(path);
        File.WriteAllText(path, "hellO");
        var changed = second.HashFile(path);

        Assert.Equal(1, first.FilesHashed);
        Assert.Equal(hash, again);
        Assert.Equal(1, second.FilesHashed);
        Assert.NotEqual(hash, changed);
        Assert.Equal(ContentHasher.HashString("hellO"), changed);
    }

    [Fact]
    public void A_file_hashed_right_after_it_was_written_is_not_trusted_from_the_stat_cache()
    {
        var path = _sandbox.WriteInput("data/fresh.bin", "x");
        var hasher = new ContentHasher(StatCache.InMemory(TimeSpan.FromHours(1)));

        hasher.HashFile(path);
        hasher.HashFile(path);

        // Within the racy window a same-size rewrite could keep the stat; only a later hash may be trusted.
        Assert.Equal(2, hasher.FilesHashed);
    }

    [Fact]
    public void A_folder_hash_depends_on_names_and_contents_not_on_location_or_times()
    {
        var one = Path.Combine(_sandbox.Root, "one");
        var two = Path.Combine(_sandbox.Root, "two");
        foreach (var folder in new[] { one, two })
        {
            Directory.CreateDirectory(Path.Combine(folder, "sub"));
            File.WriteAllText(Path.Combine(folder, "a.txt"), "a");
            File.WriteAllText(Path.Combine(folder, "sub", "b.txt"), "b");
        }

        File.SetLastWriteTimeUtc(Path.Combine(two, "a.txt"), DateTime.UtcNow.AddDays(-1));
        var hasher = new ContentHasher(StatCache.InMemory(TimeSpan.Zero));
        var before = hasher.HashDirectory(one);

        Assert.Equal(before, hasher.HashDirectory(two));
        File.Move(Path.Combine(two, "sub", "b.txt"), Path.Combine(two, "sub", "c.txt"));
        Assert.NotEqual(before, hasher.HashDirectory(two));
    }

    [Fact]
    public void A_no_op_plan_after_a_build_reads_no_file_contents()
    {
        var data = _sandbox.WriteInput("data/train.csv", "id\n1\n");
        File.SetLastWriteTimeUtc(data, DateTime.UtcNow.AddMinutes(-10));
        var settings = _sandbox.CreateSettings() with { StatCacheRacyWindow = TimeSpan.Zero };
        var graph = new ChainExperiment { DataFile = "data/train.csv" }.Graph();
        var built = _sandbox.Build(graph, new BuildRequest("All"), settings: settings);

        var plan = _sandbox.Plan(graph, new BuildRequest("All"), settings);
        File.WriteAllText(data, "id\n2\n");
        var changed = _sandbox.Plan(graph, new BuildRequest("All"), settings);

        Assert.True(built.FilesHashed > 0);
        Assert.All(plan.Targets, t => Assert.False(t.WillRun));
        Assert.Equal(0, plan.FilesHashed);
        Assert.Equal(1, changed.FilesHashed);
    }

    [Fact]
    public void Keys_do_not_depend_on_where_the_repository_is()
    {
        using var elsewhere = new EngineSandbox();
        _sandbox.WriteInput("data/train.csv", "same");
        elsewhere.WriteInput("data/train.csv", "same");
        var graph = new ChainExperiment { DataFile = "data/train.csv" }.Graph();

        var here = _sandbox.Plan(graph, new BuildRequest("Prepare"))["Prepare"].Runs.Single().Key;
        var there = elsewhere.Plan(graph, new BuildRequest("Prepare"))["Prepare"].Runs.Single().Key;

        Assert.NotNull(here);
        Assert.Equal(here, there);
    }

    [Fact]
    public void Canonical_json_sorts_keys_and_normalises_numbers()
    {
        var a = JsonNode.Parse("""{ "b": 1.0, "a": { "y": [1, 2.50, "s"], "x": 1e-3 } }""");
        var b = new JsonObject { ["a"] = new JsonObject { ["x"] = 0.001, ["y"] = new JsonArray(1, 2.5, "s") }, ["b"] = 1 };

        Assert.Equal("""{"a":{"x":0.001,"y":[1,2.5,"s"]},"b":1}""", CanonicalJson.Serialize(a));
        Assert.Equal(CanonicalJson.Serialize(a), CanonicalJson.Serialize(b));
    }

    [Fact]
    public void Parameters_flatten_to_dotted_paths_with_sources_by_longest_prefix()
    {
        var parameters = JsonNode.Parse("""{ "optimizer": { "lr": 0.001 }, "ops": [ { "p": 0.5 } ], "name": "resnet", "empty": {} }""")!.AsObject();
        var sources = new Dictionary<string, string> { [""] = "experiments/default.yaml", ["optimizer"] = "experiments/resnet.yaml" };

        var flat = JsonFlattener.Flatten(parameters);

        Assert.Equal(["empty", "name", "ops[0].p", "optimizer.lr"], flat.Keys);
        Assert.Equal(["{}", "\"resnet\"", "0.5", "0.001"], flat.Values);
        Assert.Equal("experiments/resnet.yaml", JsonFlattener.ForPathOrParent(sources, "optimizer.lr"));
        Assert.Equal("experiments/default.yaml", JsonFlattener.ForPathOrParent(sources, "ops[0].p"));
    }
}

using System.Text.Json.Nodes;
using Pipeline.Engine;
using Pipeline.Tests.Engine.Support;
using Xunit;

namespace Pipeline.Tests.Engine;

/// <summary>The lock record is the key material: its key is the hash of its canonical JSON minus what is only recorded.</summary>
public sealed class LockRecordTests : IDisposable
{
    // Computed by the engine before the lock record became the key (RunKey.Material / RunKey.Compute, commit
    // 042c130, 2026-12-04) for the run of Run(): keys must stay byte-identical, so caches survive the change.
    private const string EarlierMaterial =
        "{\"code\":\"train-v1\",\"inputs\":{\"$external/weights.pt\":\"dddd\",\"data/train.csv\":\"cccc\"},\"kind\":\"train\"," +
        "\"parameters\":{\"empty\":{},\"epochs\":3,\"optimizer\":{\"betas\":[0.9,0.999],\"lr\":0.001,\"name\":\"sgd\"},\"text\":\"ä \\\"quoted\\\" <tag>\"}," +
        "\"upstream\":{\"Alpha\":\"bbbb\",\"Preprocess\":\"aaaa\"}}";

    private const string EarlierKey = "0c02a084a551d30e112d2bdd3b8dab04";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "lock-record-tests", Guid.NewGuid().ToString("N"));

    public LockRecordTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Key_material_and_key_are_byte_identical_to_the_earlier_run_key()
    {
        var record = Record();

        Assert.Equal(EarlierMaterial, record.KeyMaterial());
        Assert.Equal(EarlierKey, record.Key);
    }

    [Fact]
    public void Recorded_only_fields_leave_the_key_alone_and_every_keyed_field_changes_it()
    {
        var record = Record();

        Assert.Equal(record.Key, (record with
        {
            Target = "Other",
            RunId = "Other/run",
            Output = "eeee",
            ParameterSources = new(StringComparer.Ordinal) { ["epochs"] = "experiments/other.yaml" },
            UpstreamRuns = new(StringComparer.Ordinal) { ["Alpha"] = new LockedUpstream { Target = "X", Key = "ffff" } },
        }).Key);
        Assert.NotEqual(record.Key, (record with { Kind = "tta" }).Key);
        Assert.NotEqual(record.Key, (record with { Code = "train-v2" }).Key);
        Assert.NotEqual(record.Key, (record with { Parameters = new JsonObject { ["epochs"] = 4 } }).Key);
        Assert.NotEqual(record.Key, (record with { Upstream = new(StringComparer.Ordinal) { ["Alpha"] = "bbbc" } }).Key);
        Assert.NotEqual(record.Key, (record with { Inputs = new(StringComparer.Ordinal) { ["data/train.csv"] = "cccd" } }).Key);
    }

    [Fact]
    public void Key_material_holds_exactly_kind_parameters_upstream_inputs_and_code()
    {
        var material = JsonNode.Parse((Record() with { Output = "eeee" }).KeyMaterial())!.AsObject();

        Assert.Equal(["code", "inputs", "kind", "parameters", "upstream"], material.Select(p => p.Key));
    }

    [Fact]
    public void The_lock_file_round_trips_and_its_written_key_is_the_hash_of_the_record()
    {
        var path = Path.Combine(_folder, "pipeline.lock.json");
        var record = Record() with { Output = "eeee" };
        var lockFile = new PipelineLockFile();
        lockFile.Runs[record.RunId] = record;

        lockFile.Save(path);
        var loaded = PipelineLockFile.Load(path, NullEngineEvents.Instance).Runs[record.RunId];
        var written = JsonNode.Parse(File.ReadAllText(path))!["runs"]![record.RunId]!;

        Assert.Equal(EarlierKey, written["key"]!.GetValue<string>());
        Assert.Equal(EarlierKey, loaded.Key);
        Assert.Equal(record.KeyMaterial(), loaded.KeyMaterial());
        Assert.Equal("eeee", loaded.Output);
        Assert.Equal("experiments/train.yaml", loaded.ParameterSources["optimizer.lr"]);
        Assert.Equal("Preprocess", loaded.UpstreamRuns["Preprocess"].Target);
    }

    [Fact]
    public void A_key_edited_in_the_file_is_not_believed()
    {
        var path = Path.Combine(_folder, "pipeline.lock.json");
        var lockFile = new PipelineLockFile();
        lockFile.Runs["Train/main"] = Record();
        lockFile.Save(path);
        File.WriteAllText(path, File.ReadAllText(path).Replace(EarlierKey, "00000000000000000000000000000000", StringComparison.Ordinal));

        Assert.Equal(EarlierKey, PipelineLockFile.Load(path, NullEngineEvents.Instance).Runs["Train/main"].Key);
    }

    [Fact]
    public void A_lock_file_of_the_earlier_format_is_ignored_with_a_warning()
    {
        var path = Path.Combine(_folder, "pipeline.lock.json");
        // A record as the engine wrote it before the lock record became the key material.
        File.WriteAllText(path, """
            {
              "version": 1,
              "runs": {
                "Train/main": {
                  "target": "Train", "runId": "Train/main", "kind": "train", "key": "0c02a084a551d30e112d2bdd3b8dab04",
                  "parameters": { "optimizer.lr": "0.001" }, "parameterSources": {}, "inputs": {},
                  "upstream": { "Preprocess": { "target": "Preprocess", "key": "key-p", "output": "aaaa" } },
                  "code": "train-v1", "output": "eeee"
                }
              }
            }
            """);
        var events = new RecordingEvents();

        var loaded = PipelineLockFile.Load(path, events);

        Assert.Empty(loaded.Runs);
        Assert.Contains(events.Messages, m => m.Contains("format 1 of an earlier version, ignored", StringComparison.Ordinal));
    }

    private static LockedRun Record()
    {
        var run = new StageRun("Train", "Train/main", "train")
        {
            Parameters = new JsonObject
            {
                ["optimizer"] = new JsonObject { ["lr"] = 0.001, ["name"] = "sgd", ["betas"] = new JsonArray(0.9, 0.999) },
                ["epochs"] = 3,
                ["empty"] = new JsonObject(),
                ["text"] = "ä \"quoted\" <tag>",
            },
            ParameterSources = new Dictionary<string, string> { ["optimizer"] = "experiments/train.yaml" },
            Upstream = ["Preprocess", "Alpha"],
            Code = "train-v1",
        };
        var upstream = new Dictionary<string, UpstreamOutput?>
        {
            ["Preprocess"] = new("Preprocess", "key-p", "aaaa", "/unused"),
            ["Alpha"] = new("Alpha", "key-a", "bbbb", "/unused"),
        };
        var inputs = new Dictionary<string, string> { ["data/train.csv"] = "cccc", ["$external/weights.pt"] = "dddd" };
        return LockedRun.Of(run, upstream, inputs);
    }
}

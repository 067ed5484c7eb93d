using System.Text.Json.Nodes;
using Pipeline.Config;
using Pipeline.Foundation;
using Xunit;

namespace Pipeline.Tests.Config;

public class ConfigJsonTests
{
    private const string Full = """
        name: resnet
        arch: resnet34
        max_steps: 10000000000
        label_smoothing: 0.1
        tta_version: 3
        fallback_optimizer: rms_prop
        optimizer: {kind: adam, lr: 0.002, weight_decay: 1e-5}
        phases:
          - {epochs: 2, freeze_backbone: true}
          - epochs: 8
        milestones: [3, 6]
        tags: [baseline]
        class_weights: {b: 2, a: 0.5}
        aliases: {Fresh Produce: produce}
        augment:
          - fliplr
          - sometimes: {p: 0.7, then: [{rotate: 45}, {scale: [0.7, 1.3]}]}
          - one_of: [fliplr, {crop: {size: 24}}]
        brightness: [0.75, 1.25]
        shear: 8
        extra: {z: [1, x], a: {nested: true}}
        """;

    [Fact]
    public void Record_becomes_sorted_snake_case_json_with_invariant_numbers()
    {
        var json = ConfigJson.ToJson(new OptimizerSettings { Kind = OptimizerKind.RmsProp, WeightDecay = 1e-5 });

        Assert.Equal("""{"kind":"rms_prop","lr":0.001,"momentum":0.9,"weight_decay":1E-05}""", CanonicalJson.Serialize(json));
        Assert.Equal(["kind", "lr", "momentum", "weight_decay"], json.Select(p => p.Key));
    }

    [Fact]
    public void Union_values_are_single_key_objects_named_by_case()
    {
        var json = ConfigJson.ToJson(new Sometimes { P = 0.25, Then = [new FlipLr(), new Rotate { Degrees = new RangeSetting(-5, 5) }] });

        Assert.Equal(
            """{"sometimes":{"p":0.25,"then":[{"fliplr":{"p":0.5}},{"rotate":{"degrees":{"max":5,"min":-5}}}]}}""",
            CanonicalJson.Serialize(json));
    }

    [Fact]
    public void Canonical_text_sorts_keys_at_every_level_and_normalises_numbers()
    {
        var node = JsonNode.Parse("""{ "b": 1.0, "a": { "d": [2.50, 1e-5], "c": "x" } }""");

        Assert.Equal("""{"a":{"c":"x","d":[2.5,1E-05]},"b":1}""", CanonicalJson.Serialize(node));
    }

    [Fact]
    public void Canonical_text_does_not_depend_on_key_order_in_the_yaml()
    {
        var first = ConfigAssert.Bind<TrainSettings>("name: x\noptimizer: {lr: 0.01, kind: adam}\nclass_weights: {a: 1, b: 2}\n");
        var second = ConfigAssert.Bind<TrainSettings>("class_weights: {b: 2, a: 1}\noptimizer: {kind: adam, lr: 0.01}\nname: x\n");

        Assert.Equal(CanonicalJson.Serialize(ConfigJson.ToJson(first)), CanonicalJson.Serialize(ConfigJson.ToJson(second)));
    }

    [Fact]
    public void Json_bound_back_gives_the_same_configuration()
    {
        var bound = ConfigAssert.Bind<TrainSettings>(Full);
        var canonical = CanonicalJson.Serialize(ConfigJson.ToJson(bound));

        var again = ConfigBinder.Parse<TrainSettings>(canonical, "resolved.json");

        Assert.Equal(canonical, CanonicalJson.Serialize(ConfigJson.ToJson(again)));
        Assert.Equal(0.1f, again.LabelSmoothing);
        Assert.Equal(new RangeSetting(-45, 45), Assert.IsType<Rotate>(Assert.IsType<Sometimes>(again.Augment[1]).Then[0]).Degrees);
        Assert.Equal(bound.Optimizer, again.Optimizer);
    }

    [Fact]
    public void Flatten_lists_every_leaf_by_path_in_sorted_order()
    {
        var flat = JsonFlattener.Flatten(ConfigJson.ToJson(ConfigAssert.Bind<TrainSettings>(Full)), plainStrings: true);

        Assert.Equal("0.002", flat["optimizer.lr"]);
        Assert.Equal("8", flat["phases[1].epochs"]);
        Assert.Equal("adam", flat["optimizer.kind"]);
        Assert.Equal("null", flat["comment"]);
        Assert.Equal("true", flat["phases[0].freeze_backbone"]);
        Assert.Equal("-45", flat["augment[1].sometimes.then[0].rotate.degrees.min"]);
        Assert.Equal("produce", flat["aliases.Fresh Produce"]);
        Assert.Equal("1E-05", flat["optimizer.weight_decay"]);
        Assert.Equal(flat.Keys.Order(StringComparer.Ordinal), flat.Keys);
    }

    [Fact]
    public void Flatten_writes_empty_containers_and_joins_keys_as_written()
    {
        var flat = JsonFlattener.Flatten(JsonNode.Parse("""{"a":[],"b":{},"c":{"x.y":1,"list":[{"k":"v"}]}}"""), plainStrings: true);

        Assert.Equal(
            new Dictionary<string, string> { ["a"] = "[]", ["b"] = "{}", ["c.list[0].k"] = "v", ["c.x.y"] = "1" },
            flat);
    }

    [Fact]
    public void Flattened_configurations_name_what_changed()
    {
        var before = JsonFlattener.Flatten(ConfigJson.ToJson(ConfigAssert.Bind<TrainSettings>(Full)), plainStrings: true);
        var after = JsonFlattener.Flatten(ConfigJson.ToJson(ConfigAssert.Bind<TrainSettings>(Full.Replace("lr: 0.002", "lr: 0.004"))), plainStrings: true);

        var changes = before.Keys.Where(k => after[k] != before[k]).Select(k => $"{k} {before[k]} -> {after[k]}");

        Assert.Equal(["optimizer.lr 0.002 -> 0.004"], changes);
    }

    [Fact]
    public void Pretty_json_is_indented_with_sorted_keys()
    {
        var text = ConfigJson.ToPrettyJson(new PhaseSettings { Epochs = 3 });

        Assert.Equal(
            """
            {
              "epochs": 3,
              "freeze_backbone": false,
              "optimizer": {
                "kind": "sgd",
                "lr": 0.001,
                "momentum": 0.9,
                "weight_decay": null
              }
            }
            """,
            text);
    }

    [Fact]
    public void Special_doubles_are_written_as_text_that_binds_back()
    {
        var json = ConfigJson.ToJson(new OptimizerSettings { WeightDecay = double.PositiveInfinity });

        Assert.Equal("Infinity", json["weight_decay"]!.GetValue<string>());
        Assert.Equal(double.PositiveInfinity, ConfigBinder.Parse<OptimizerSettings>(CanonicalJson.Serialize(json)).WeightDecay);
    }
}

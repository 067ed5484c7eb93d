using System.Collections.ObjectModel;
using System.Text.Json.Nodes;
using Pipeline.Config;
using Pipeline.Foundation;
using Xunit;

namespace Pipeline.Tests.Config;

public class ConfigBinderTests
{
    [Fact]
    public void Empty_document_gives_every_default()
    {
        var settings = ConfigAssert.Bind<StageSettings>("");

        Assert.Equal(new StageSettings(), settings);
    }

    [Fact]
    public void Scalars_bind_from_snake_case_keys()
    {
        var s = ConfigAssert.Bind<TrainSettings>("""
            name: resnet
            arch: resnet34
            seed: -7
            max_steps: 10000000000
            label_smoothing: 0.25
            mixup: true
            tta_version: 2
            comment: 'quoted: text'
            fallback_optimizer: rms_prop
            """);

        Assert.Equal("resnet", s.Name);
        Assert.Equal("resnet34", s.Arch);
        Assert.Equal(-7, s.Seed);
        Assert.Equal(10_000_000_000L, s.MaxSteps);
        Assert.Equal(0.25f, s.LabelSmoothing);
        Assert.True(s.Mixup);
        Assert.Equal(2, s.TtaVersion);
        Assert.Equal("quoted: text", s.Comment);
        Assert.Equal(OptimizerKind.RmsProp, s.FallbackOptimizer);
    }

    [Fact]
    public void Absent_keys_keep_defaults_and_null_clears_a_nullable()
    {
        var s = ConfigAssert.Bind<TrainSettings>("name: x\ntta_version: ~\ncomment: null\n");

        Assert.Equal(42, s.Seed);
        Assert.Equal(0.1f, s.LabelSmoothing);
        Assert.Null(s.TtaVersion);
        Assert.Null(s.Comment);
        Assert.Single(s.Phases);
    }

    [Fact]
    public void Nested_record_written_in_part_keeps_the_rest_of_its_default()
    {
        var s = ConfigAssert.Bind<TrainSettings>("name: x\noptimizer:\n  lr: 0.01\n  kind: adam\n");

        // Momentum 0.8 comes from TrainSettings' default optimizer, not OptimizerSettings' own 0.9.
        Assert.Equal(new OptimizerSettings { Kind = OptimizerKind.Adam, Lr = 0.01, Momentum = 0.8 }, s.Optimizer);
        Assert.Equal(0.8, new TrainSettings().Optimizer.Momentum);
        Assert.Equal(0.001, new TrainSettings().Optimizer.Lr);
    }

    [Fact]
    public void Lists_arrays_and_dictionaries_bind()
    {
        var s = ConfigAssert.Bind<TrainSettings>("""
            name: x
            phases:
              - epochs: 2
                freeze_backbone: true
              - {epochs: 5, optimizer: {lr: 0.1, weight_decay: 1e-5}}
            milestones: [10, 20]
            tags: [a, b]
            class_weights: {cat: 1.5, Dog: 2}
            aliases:
              Fresh Produce: produce
            """);

        Assert.Equal(2, s.Phases.Count);
        Assert.Equal(new PhaseSettings { Epochs = 2, FreezeBackbone = true }, s.Phases[0]);
        Assert.Equal(5, s.Phases[1].Epochs);
        Assert.Equal(0.1, s.Phases[1].Optimizer.Lr);
        Assert.Equal(1e-5, s.Phases[1].Optimizer.WeightDecay);
        Assert.Equal(0.9, s.Phases[1].Optimizer.Momentum);
        Assert.Equal([10, 20], s.Milestones);
        Assert.Equal(["a", "b"], s.Tags);
        Assert.Equal(1.5, s.ClassWeights["cat"]);
        Assert.Equal(2.0, s.ClassWeights["Dog"]);
        Assert.Equal("produce", s.Aliases["Fresh Produce"]);
    }

    [Fact]
    public void Read_only_collection_types_get_read_only_values()
    {
        var s = ConfigAssert.Bind<TrainSettings>("name: x\nphases: [{epochs: 3}]\nclass_weights: {a: 1}\n");

        Assert.IsType<ReadOnlyCollection<PhaseSettings>>(s.Phases);
        Assert.IsType<ReadOnlyDictionary<string, double>>(s.ClassWeights);
    }

    [Fact]
    public void Unions_bind_from_mapping_bare_name_and_nested_lists()
    {
        var s = ConfigAssert.Bind<TrainSettings>("""
            name: x
            augment:
              - fliplr
              - fliplr: {p: 0.25}
              - fliplr:
              - sometimes: {p: 0.7, then: [fliplr, {rotate: 30}]}
            """);

        Assert.Equal(4, s.Augment.Count);
        Assert.Equal(new FlipLr(), s.Augment[0]);
        Assert.Equal(new FlipLr { P = 0.25 }, s.Augment[1]);
        Assert.Equal(new FlipLr(), s.Augment[2]);
        var sometimes = Assert.IsType<Sometimes>(s.Augment[3]);
        Assert.Equal(0.7, sometimes.P);
        Assert.Equal(new FlipLr(), sometimes.Then[0]);
        Assert.Equal(new Rotate { Degrees = new RangeSetting(-30, 30) }, sometimes.Then[1]);
    }

    [Fact]
    public void Positional_property_takes_a_list_or_scalar_case_body()
    {
        var s = ConfigAssert.Bind<TrainSettings>("""
            name: x
            augment:
              - one_of: [fliplr, {fliplr: {p: 1}}]
              - scale: [0.7, 1.3]
              - rotate: [-5, 30]
              - rotate
            """);

        var oneOf = Assert.IsType<OneOf>(s.Augment[0]);
        Assert.Equal([new FlipLr(), new FlipLr { P = 1 }], oneOf.Ops);
        Assert.Equal(new Scale { Factor = new RangeSetting(0.7, 1.3) }, s.Augment[1]);
        Assert.Equal(new Rotate { Degrees = new RangeSetting(-5, 30) }, s.Augment[2]);
        Assert.Equal(new Rotate(), s.Augment[3]);
    }

    [Fact]
    public void Range_record_binds_from_a_list_in_declaration_order_or_a_mapping()
    {
        var fromList = ConfigAssert.Bind<TrainSettings>("name: x\nbrightness: [0.5, 1.5]\n");
        var fromMapping = ConfigAssert.Bind<TrainSettings>("name: x\nbrightness: {max: 1.5, min: 0.5}\n");

        Assert.Equal(new RangeSetting(0.5, 1.5), fromList.Brightness);
        Assert.Equal(new RangeSetting(0.5, 1.5), fromMapping.Brightness);
    }

    [Fact]
    public void Symmetric_scalar_binds_as_minus_and_plus_on_a_property_or_a_type()
    {
        var s = ConfigAssert.Bind<TrainSettings>("name: x\nshear: 16\naugment: [{rotate: 45}, {rotate: {degrees: 2.5}}]\n");

        Assert.Equal(new SymmetricAngle { Low = -16, High = 16 }, s.Shear);
        Assert.Equal(new RangeSetting(-45, 45), Assert.IsType<Rotate>(s.Augment[0]).Degrees);
        Assert.Equal(new RangeSetting(-2.5, 2.5), Assert.IsType<Rotate>(s.Augment[1]).Degrees);
    }

    [Fact]
    public void Json_node_property_is_a_raw_passthrough_with_yaml_scalars_typed()
    {
        var s = ConfigAssert.Bind<TrainSettings>("""
            name: x
            extra:
              n: 3
              f: 0.5
              on: true
              text: hello
              quoted: "12"
              none: ~
              list: [1, two]
            """);

        Assert.Equal("""{"f":0.5,"list":[1,"two"],"n":3,"none":null,"on":true,"quoted":"12","text":"hello"}""", CanonicalJson.Serialize(s.Extra));
    }

    [Fact]
    public void Special_floats_and_exponents_parse_in_the_invariant_culture()
    {
        var s = ConfigAssert.Bind<OptimizerSettings>("lr: 1e-4\nweight_decay: .inf\n");

        Assert.Equal(1e-4, s.Lr);
        Assert.Equal(double.PositiveInfinity, s.WeightDecay);
    }

    [Fact]
    public void Anchors_aliases_and_merge_keys_are_resolved()
    {
        var s = ConfigAssert.Bind<TrainSettings>("""
            name: x
            optimizer: &base {kind: adam, lr: 0.01}
            phases:
              - optimizer: *base
              - optimizer:
                  <<: *base
                  lr: 0.02
            """);

        Assert.Equal(OptimizerKind.Adam, s.Phases[0].Optimizer.Kind);
        Assert.Equal(0.01, s.Phases[0].Optimizer.Lr);
        Assert.Equal(OptimizerKind.Adam, s.Phases[1].Optimizer.Kind);
        Assert.Equal(0.02, s.Phases[1].Optimizer.Lr);
    }

    [Fact]
    public void Union_value_binds_at_the_document_root()
    {
        var op = ConfigAssert.Bind<AugmentOp>("crop: {size: 24}");

        Assert.Equal(new Crop { Size = 24 }, op);
    }

    [Fact]
    public void Bound_values_do_not_share_state_with_defaults()
    {
        var defaults = new TrainSettings();
        _ = ConfigAssert.Bind<TrainSettings>("name: x\noptimizer: {lr: 0.5}\n");

        Assert.Equal(0.001, defaults.Optimizer.Lr);
        Assert.Equal(0.001, new TrainSettings().Optimizer.Lr);
        Assert.IsType<JsonObject>(ConfigAssert.Bind<TrainSettings>("name: x\nextra: {a: 1}").Extra);
    }
}

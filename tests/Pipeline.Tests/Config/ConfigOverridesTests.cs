using Pipeline.Config;
using Xunit;

namespace Pipeline.Tests.Config;

/// <summary>
/// <c>--set FILE:KEY=VALUE</c> and <c>--overrides FILE.yaml</c>: parsed, put into a document's YAML, then bound by the
/// same binder as the file itself, so they get the same checks and the same kind of messages, placed where they were written.
/// </summary>
public sealed class ConfigOverridesTests
{
    private const string File = "exp/train.yaml";

    private const string Yaml = """
        name: base
        seed: 1
        optimizer: {kind: sgd, lr: 0.1}
        phases:
          - {epochs: 2, optimizer: {lr: 0.01}}
          - {epochs: 3, optimizer: {lr: 0.0003}}
        tags: [a]
        """;

    private static IReadOnlyList<ConfigOverride> Set(params string[] arguments) => ConfigOverrides.Read([], arguments);

    private static TrainSettings Bind(IReadOnlyList<ConfigOverride> overrides, out List<ConfigError> errors, string yaml = Yaml)
    {
        errors = [];
        var document = ConfigDocument.Parse(yaml, File).WithOverrides(overrides, errors);
        return document.TryBind<TrainSettings>(null, errors, out var value) ? value : new TrainSettings();
    }

    [Fact]
    public void A_set_value_replaces_the_files_value_and_reads_as_a_YAML_scalar()
    {
        var settings = Bind(Set("train.yaml:phases[1].optimizer.lr=5e-4", "train.yaml:mixup=true", "train.yaml:name=other", "train.yaml:seed=7"), out var errors);

        Assert.Empty(errors);
        Assert.Equal(5e-4, settings.Phases[1].Optimizer.Lr);
        Assert.Equal(0.01, settings.Phases[0].Optimizer.Lr);
        Assert.Equal(3, settings.Phases[1].Epochs);
        Assert.True(settings.Mixup);
        Assert.Equal("other", settings.Name);
        Assert.Equal(7, settings.Seed);
    }

    [Fact]
    public void A_flow_list_replaces_a_list_and_a_flow_mapping_merges_key_by_key()
    {
        var settings = Bind(Set("train.yaml:tags=[x, 'y z']", "train.yaml:optimizer={lr: 0.5}", "train.yaml:milestones=[3, 6]"), out var errors);

        Assert.Empty(errors);
        Assert.Equal(["x", "y z"], settings.Tags);
        Assert.Equal([3, 6], settings.Milestones);
        Assert.Equal(0.5, settings.Optimizer.Lr);
        Assert.Equal(OptimizerKind.Sgd, settings.Optimizer.Kind);
    }

    [Fact]
    public void A_key_the_file_does_not_write_is_created_and_the_rest_keeps_its_defaults()
    {
        var settings = Bind(Set("train.yaml:optimizer.weight_decay=0.01", "train.yaml:label_smoothing=0.2"), out var errors, "name: x\n");

        Assert.Empty(errors);
        Assert.Equal(0.01, settings.Optimizer.WeightDecay);
        Assert.Equal(0.8, settings.Optimizer.Momentum);
        Assert.Equal(0.2f, settings.LabelSmoothing);
    }

    [Fact]
    public void An_unknown_key_gets_a_close_match_at_its_column_in_the_argument()
    {
        Bind(Set("train.yaml:phases[1].optimizer.lrr=5e-4"), out var errors);

        var error = Assert.Single(errors);
        Assert.Equal("--set 'train.yaml:phases[1].optimizer.lrr=5e-4':1:32: unknown key 'lrr' in 'phases[1].optimizer'; did you mean 'lr'?", error.ToString());
    }

    [Fact]
    public void A_wrong_type_or_a_value_out_of_range_is_an_error_at_the_value()
    {
        Bind(Set("train.yaml:seed=1.5", "train.yaml:optimizer.lr=-1", "train.yaml:arch=resnet19"), out var errors);

        var messages = errors.Select(e => e.ToString()).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(3, messages.Count);
        Assert.StartsWith("--set 'train.yaml:arch=resnet19':1:17: 'arch' must be one of ", messages[0], StringComparison.Ordinal);
        Assert.StartsWith("--set 'train.yaml:optimizer.lr=-1':1:25: 'optimizer.lr' must be ", messages[1], StringComparison.Ordinal);
        Assert.Equal("--set 'train.yaml:seed=1.5':1:17: expected an integer for 'seed', got '1.5'", messages[2]);
    }

    [Fact]
    public void An_index_past_the_end_of_a_list_names_the_lists_length()
    {
        Bind(Set("train.yaml:phases[2].epochs=4"), out var errors);

        var error = Assert.Single(errors);
        Assert.Equal("--set 'train.yaml:phases[2].epochs=4':1:18: index 2 is out of range: 'phases' in exp/train.yaml has 2 items (0..1)", error.ToString());
    }

    [Fact]
    public void An_error_of_a_record_check_in_the_file_says_which_override_took_part()
    {
        Bind(Set("train.yaml:phases[1].freeze_backbone=true", "train.yaml:phases[1].epochs=200"), out var errors);

        var error = Assert.Single(errors);
        Assert.StartsWith("--set 'train.yaml:phases[1].epochs=200':1:", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("must be at most 100 when freeze_backbone is true", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("train.yaml:seed", "expected FILE:KEY=VALUE")]
    [InlineData("seed=3", "expected FILE:KEY=VALUE")]
    [InlineData("train.yaml:=3", "the key is empty")]
    [InlineData("train.yaml:phases[x].epochs=3", "expected a list index such as [0]")]
    [InlineData("train.yaml:comment=a: b", "reads as a YAML block mapping; quote it")]
    [InlineData("train.yaml:tags=[a, b", "the value is not valid YAML")]
    public void A_malformed_set_argument_is_an_error_naming_the_argument(string argument, string expected)
    {
        var error = Assert.Throws<ConfigException>(() => Set(argument));

        var problem = Assert.Single(error.Errors);
        Assert.Equal($"--set '{argument}'", problem.File);
        Assert.Contains(expected, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_quoted_value_is_a_string_even_when_it_reads_as_a_number()
    {
        var settings = Bind(Set("train.yaml:comment='1e3'", "train.yaml:name=\"a: b\""), out var errors);

        Assert.Empty(errors);
        Assert.Equal("1e3", settings.Comment);
        Assert.Equal("a: b", settings.Name);
    }

    [Fact]
    public void The_same_key_set_twice_on_the_command_line_is_an_error_not_a_silent_choice()
    {
        var error = Assert.Throws<ConfigException>(() => Set("train.yaml:seed=2", "train.yaml:seed=3"));

        Assert.Equal("--set 'train.yaml:seed=3':1:12: 'seed' of train.yaml is set twice; the other is at --set 'train.yaml:seed=2':1:12", Assert.Single(error.Errors).ToString());
    }

    [Fact]
    public void An_overrides_file_takes_nested_and_dotted_keys_and_a_set_argument_wins_over_it()
    {
        using var folder = new Pipeline.Tests.Data.TempFolder();
        var path = Path.Combine(folder.Path, "over.yaml");
        System.IO.File.WriteAllText(path, """
            train.yaml:
              optimizer:
                lr: 0.2
              phases[0].optimizer.lr: 0.004
              seed: 5
            """);

        var overrides = ConfigOverrides.Read([path], ["train.yaml:seed=6"], folder.Path);
        var settings = Bind(overrides, out var errors);

        Assert.Empty(errors);
        Assert.Equal(0.2, settings.Optimizer.Lr);
        Assert.Equal(0.004, settings.Phases[0].Optimizer.Lr);
        Assert.Equal(6, settings.Seed);
        Assert.Equal(["--overrides over.yaml", "--overrides over.yaml", "--overrides over.yaml", "--set"], overrides.Select(o => o.Source));
    }

    [Fact]
    public void An_unknown_key_in_an_overrides_file_is_placed_at_its_line_and_column()
    {
        using var folder = new Pipeline.Tests.Data.TempFolder();
        var path = Path.Combine(folder.Path, "over.yaml");
        System.IO.File.WriteAllText(path, "train.yaml:\n  optimizer:\n    lrr: 0.2\n  phases[0].optimizer.momentun: 0.5\n");

        Bind(ConfigOverrides.Read([path], [], folder.Path), out var errors);

        Assert.Equal(
            [
                "over.yaml:3:5: unknown key 'lrr' in 'optimizer'; did you mean 'lr'?",
                "over.yaml:4:23: unknown key 'momentun' in 'phases[0].optimizer'; did you mean 'momentum'?",
            ],
            errors.Select(e => e.ToString()));
    }

    [Fact]
    public void An_override_inside_an_anchored_node_leaves_the_alias_elsewhere_unchanged()
    {
        const string yaml = """
            name: x
            optimizer: &opt {kind: sgd, lr: 0.1}
            phases:
              - {epochs: 1, optimizer: *opt}
            """;

        var settings = Bind(Set("train.yaml:optimizer.lr=0.3"), out var errors, yaml);

        Assert.Empty(errors);
        Assert.Equal(0.3, settings.Optimizer.Lr);
        Assert.Equal(0.1, settings.Phases[0].Optimizer.Lr);
    }
}

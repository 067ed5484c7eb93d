using Pipeline.Config;
using Xunit;

namespace Pipeline.Tests.Config;

public class ConfigErrorTests
{
    [Fact]
    public void Unknown_key_at_the_top_suggests_the_closest_key()
    {
        ConfigAssert.Error<StageSettings>(
            "exp/train.yaml:2:1: unknown key 'optimzer'; did you mean 'optimizer'?",
            "seed: 1\noptimzer:\n  lr: 0.1\n");
    }

    [Fact]
    public void Unknown_nested_key_names_its_parent_and_suggests()
    {
        ConfigAssert.Error<StageSettings>(
            "exp/train.yaml:3:3: unknown key 'momentun' in 'optimizer'; did you mean 'momentum'?",
            "seed: 1\noptimizer:\n  momentun: 0.5\n");
    }

    [Fact]
    public void Unknown_key_without_a_close_match_lists_the_allowed_keys()
    {
        ConfigAssert.Error<StageSettings>(
            "exp/train.yaml:2:3: unknown key 'beta' in 'optimizer'; allowed keys: 'kind', 'lr', 'momentum', 'weight_decay'",
            "optimizer:\n  beta: 0.5\n");
    }

    [Fact]
    public void Wrong_scalar_types_name_what_was_expected()
    {
        Assert.Equal(
            [
                "exp/train.yaml:2:7: expected an integer for 'seed', got '1.5'",
                "exp/train.yaml:3:8: expected true or false for 'mixup', got 'yes'",
                "exp/train.yaml:4:17: expected a number for 'optimizer.lr', got 'fast'",
                "exp/train.yaml:4:29: expected one of 'sgd', 'adam', 'rms_prop' for 'optimizer.kind', got a list",
                "exp/train.yaml:5:9: expected a list for 'phases', got a mapping",
            ],
            ConfigAssert.Errors<TrainSettings>(
                "name: x\nseed: 1.5\nmixup: yes\noptimizer: {lr: fast, kind: [sgd]}\nphases: {epochs: 1}\n"));
    }

    [Fact]
    public void Enum_value_error_suggests_the_closest_name()
    {
        ConfigAssert.Error<OptimizerSettings>(
            "exp/train.yaml:1:7: unknown value 'adm' for 'kind'; did you mean 'adam'?",
            "kind: adm\n");
        ConfigAssert.Error<OptimizerSettings>(
            "exp/train.yaml:1:7: unknown value 'lbfgs' for 'kind'; expected one of 'sgd', 'adam', 'rms_prop'",
            "kind: lbfgs\n");
    }

    [Fact]
    public void Integer_overflow_is_out_of_range()
    {
        ConfigAssert.Error<StageSettings>(
            "exp/train.yaml:1:7: 'seed' is out of range for a 32-bit integer, got '3000000000'",
            "seed: 3000000000\n");
    }

    [Fact]
    public void Negative_learning_rate_violates_its_range()
    {
        ConfigAssert.Error<StageSettings>(
            "exp/train.yaml:2:7: 'optimizer.lr' must be > 0 and <= 10, got -0.1",
            "optimizer:\n  lr: -0.1\n");
    }

    [Fact]
    public void Range_attributes_word_inclusive_and_one_sided_bounds()
    {
        Assert.Equal(
            [
                "exp/train.yaml:2:19: 'phases[0].epochs' must be >= 1, got 0",
                "exp/train.yaml:2:44: 'phases[0].optimizer.momentum' must be between 0 and 1, got 1.5",
            ],
            ConfigAssert.Errors<TrainSettings>("name: x\nphases: [{epochs: 0, optimizer: {momentum: 1.5}}]\n"));
    }

    [Fact]
    public void Allowed_values_and_min_length_name_what_is_allowed()
    {
        Assert.Equal(
            [
                "exp/train.yaml:2:7: 'arch' must be one of 'resnet18', 'resnet34', 'inception_v3', got 'vgg16'",
                "exp/train.yaml:3:9: 'phases' must have at least 1 item, got 0",
                "exp/train.yaml:4:20: 'augment[0].one_of' must have at least 2 items, got 1",
            ],
            ConfigAssert.Errors<TrainSettings>("name: x\narch: vgg16\nphases: []\naugment: [{one_of: [fliplr]}]\n"));
    }

    [Fact]
    public void Required_keys_must_be_written()
    {
        Assert.Equal(
            [
                "exp/train.yaml:1:1: missing required key 'name'",
                "exp/train.yaml:3:16: missing required key 'then' in 'augment[0].sometimes'",
                "exp/train.yaml:4:5: missing required key 'size' in 'augment[1].crop'",
            ],
            ConfigAssert.Errors<TrainSettings>("seed: 1\naugment:\n  - sometimes: {p: 0.5}\n  - crop\n"));
    }

    [Fact]
    public void Required_string_must_not_be_empty()
    {
        ConfigAssert.Error<TrainSettings>("exp/train.yaml:1:7: 'name' must not be empty", "name: ''\n");
    }

    [Fact]
    public void Null_where_not_nullable_is_an_error()
    {
        Assert.Equal(
            [
                "exp/train.yaml:2:7: 'seed' must not be null",
                "exp/train.yaml:3:12: 'optimizer' must not be null",
                "exp/train.yaml:4:11: 'tags[1]' must not be null",
            ],
            ConfigAssert.Errors<TrainSettings>("name: x\nseed: ~\noptimizer: null\ntags: [a, null]\n"));
    }

    [Fact]
    public void Duplicate_key_is_reported_at_its_second_occurrence()
    {
        ConfigAssert.Error<StageSettings>(
            "exp/train.yaml:4:3: duplicate key 'lr' in 'optimizer' (first written at line 2)",
            "optimizer:\n  lr: 0.1\n  momentum: 0.5\n  lr: 0.2\n");
    }

    [Fact]
    public void Unknown_union_case_suggests_the_closest_case()
    {
        ConfigAssert.Error<TrainSettings>(
            "exp/train.yaml:2:12: unknown case 'flplr' for 'augment[0]'; did you mean 'fliplr'?",
            "name: x\naugment: [{flplr: {p: 0.5}}, rotate]\n");
        ConfigAssert.Error<TrainSettings>(
            "exp/train.yaml:2:11: unknown case 'blur' for 'augment[0]'; expected one of 'fliplr', 'rotate', 'scale', 'sometimes', 'one_of', 'crop'",
            "name: x\naugment: [blur]\n");
    }

    [Fact]
    public void Union_with_two_keys_is_an_error()
    {
        ConfigAssert.Error<TrainSettings>(
            "exp/train.yaml:3:5: expected one case for 'augment[0]', got 2 keys: 'fliplr', 'rotate'",
            "name: x\naugment:\n  - fliplr: {p: 1}\n    rotate: 10\n");
    }

    [Fact]
    public void Errors_inside_a_union_case_have_the_case_in_their_path()
    {
        ConfigAssert.Error<TrainSettings>(
            "exp/train.yaml:2:21: unknown key 'q' in 'augment[0].fliplr'; did you mean 'p'?",
            "name: x\naugment: [{fliplr: {q: 1}}]\n");
    }

    [Fact]
    public void Range_list_of_the_wrong_length_says_what_it_expects()
    {
        ConfigAssert.Error<TrainSettings>(
            "exp/train.yaml:2:13: expected a mapping or a list of 2 values (min, max) for 'brightness', got 3 values",
            "name: x\nbrightness: [0.1, 0.2, 0.3]\n");
    }

    [Fact]
    public void Scalar_for_a_range_that_is_not_symmetric_is_an_error()
    {
        ConfigAssert.Error<TrainSettings>(
            "exp/train.yaml:2:13: expected a mapping or a list of 2 values (min, max) for 'brightness', got '0.5'",
            "name: x\nbrightness: 0.5\n");
        ConfigAssert.Error<TrainSettings>(
            "exp/train.yaml:2:8: expected a number, a list of 2 values (low, high) or a mapping for 'shear', got 3 values",
            "name: x\nshear: [1, 2, 3]\n");
    }

    [Fact]
    public void Validatable_config_error_is_positioned_at_the_named_key()
    {
        ConfigAssert.Error<TrainSettings>(
            "exp/train.yaml:4:13: invalid 'phases[0].epochs': must be at most 100 when freeze_backbone is true",
            "name: x\nphases:\n  - freeze_backbone: true\n    epochs: 200\n");
    }

    [Fact]
    public void Validatable_config_error_without_a_key_is_positioned_at_the_record()
    {
        ConfigAssert.Error<TrainSettings>(
            "exp/train.yaml:2:13: invalid 'brightness': min 2 is greater than max 1",
            "name: x\nbrightness: [2, 1]\n");
    }

    [Fact]
    public void Every_error_of_a_document_is_collected_in_document_order()
    {
        var errors = ConfigAssert.Errors<TrainSettings>("""
            name: x
            seed: many
            optimzer: {}
            phases:
              - epochs: 0
              - optimizer: {lr: -1}
            augment: [flip]
            """);

        Assert.Equal(
            [
                "exp/train.yaml:2:7: expected an integer for 'seed', got 'many'",
                "exp/train.yaml:3:1: unknown key 'optimzer'; did you mean 'optimizer'?",
                "exp/train.yaml:5:13: 'phases[0].epochs' must be >= 1, got 0",
                "exp/train.yaml:6:21: 'phases[1].optimizer.lr' must be > 0 and <= 10, got -1",
                "exp/train.yaml:7:11: unknown case 'flip' for 'augment[0]'; did you mean 'fliplr'?",
            ],
            errors);
    }

    [Fact]
    public void Errors_carry_file_position_and_key_path()
    {
        var e = Assert.Throws<ConfigException>(() => ConfigBinder.Parse<TrainSettings>("name: x\nphases:\n  - optimizer: {lr: fast}\n", "exp/train.yaml"));

        var error = Assert.Single(e.Errors);
        Assert.Equal(new ConfigError("exp/train.yaml", 3, 21, "phases[0].optimizer.lr", "expected a number for 'phases[0].optimizer.lr', got 'fast'"), error);
        Assert.Equal("exp/train.yaml:3:21: expected a number for 'phases[0].optimizer.lr', got 'fast'", e.Message);
    }

    [Fact]
    public void Syntax_error_reports_the_parser_position()
    {
        ConfigAssert.Error<StageSettings>(
            "exp/train.yaml:3:5: YAML syntax error: While scanning a plain scalar value, found invalid mapping.",
            "seed: 1\noptimizer: x\n  lr: 0.1\n");
        ConfigAssert.Error<StageSettings>(
            "exp/train.yaml:2:1: YAML syntax error: While parsing a flow sequence, did not find expected ',' or ']'.",
            "seed: [1, 2\n");
    }

    [Fact]
    public void Several_documents_in_one_file_are_refused()
    {
        ConfigAssert.Error<StageSettings>("exp/train.yaml:3:1: expected one YAML document, found 2", "seed: 1\n---\nseed: 2\n");
    }

    [Fact]
    public void Validation_attributes_other_than_the_known_ones_use_their_own_message()
    {
        ConfigAssert.Error<PatternSettings>(
            "exp/train.yaml:1:7: invalid 'name': The field name must match the regular expression '^[a-z]+$'.",
            "name: Resnet\n");
    }

    [Fact]
    public void Constructor_exception_is_reported_at_the_record()
    {
        ConfigAssert.Error<CheckedPair>("exp/train.yaml:1:1: invalid configuration: a must be below b", "a: 2\nb: 1\n");
    }
}

using Pipeline.Config;
using Xunit;

namespace Pipeline.Tests.Config;

public sealed class ConfigDocumentTests : IDisposable
{
    private static readonly ConfigBindOptions Shared = new() { SharedTopLevelKeys = new HashSet<string> { "train", "tta", "optimizer" } };

    private readonly string _root = Path.Combine(Path.GetTempPath(), "config-tests-" + Guid.NewGuid().ToString("N"));

    public ConfigDocumentTests() => Directory.CreateDirectory(Path.Combine(_root, "experiments"));

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Errors_name_the_file_relative_to_the_base_folder()
    {
        var path = Write("experiments/resnet.yaml", "seed: 1\noptimizer:\n  lr: -1\n");

        var e = Assert.Throws<ConfigException>(() => ConfigBinder.Load<StageSettings>(path, _root));

        Assert.Equal("experiments/resnet.yaml:3:7: 'optimizer.lr' must be > 0 and <= 10, got -1", e.Message);
    }

    [Fact]
    public void File_outside_the_base_folder_keeps_the_path_given()
    {
        var path = Write("experiments/resnet.yaml", "seed: x\n");
        var outside = Path.Combine(_root, "experiments");

        var e = Assert.Throws<ConfigException>(() => ConfigBinder.Load<StageSettings>(path, Path.Combine(outside, "other")));

        Assert.Equal($"{path}:1:7: expected an integer for 'seed', got 'x'", e.Message);
    }

    [Fact]
    public void Missing_file_is_named()
    {
        var e = Assert.Throws<ConfigException>(() => ConfigDocument.Load(Path.Combine(_root, "experiments/nope.yaml"), _root));

        Assert.Equal("experiments/nope.yaml: file not found", e.Message);
        Assert.Equal(0, Assert.Single(e.Errors).Line);
    }

    [Fact]
    public void Folder_given_as_a_file_is_named()
    {
        var e = Assert.Throws<ConfigException>(() => ConfigDocument.Load(Path.Combine(_root, "experiments"), _root));

        Assert.Equal("experiments: is a folder, expected a YAML file", e.Message);
    }

    [Fact]
    public void Missing_folder_is_named()
    {
        var e = Assert.Throws<ConfigException>(() => ConfigDocument.LoadFolder(Path.Combine(_root, "experiments/missing"), _root));

        Assert.Equal("experiments/missing: folder not found", e.Message);
    }

    [Fact]
    public void Folder_loads_yaml_files_in_name_order_and_reports_all_syntax_errors()
    {
        Write("experiments/b.yaml", "seed: [1\n");
        Write("experiments/a.yml", "seed: {\n");
        Write("experiments/c.yaml", "seed: 3\n");
        Write("experiments/notes.txt", "not yaml: [");

        var e = Assert.Throws<ConfigException>(() => ConfigDocument.LoadFolder(Path.Combine(_root, "experiments"), _root));
        File.Delete(Path.Combine(_root, "experiments/a.yml"));
        File.Delete(Path.Combine(_root, "experiments/b.yaml"));
        Write("experiments/a.yaml", "seed: 1\n");
        var documents = ConfigDocument.LoadFolder(Path.Combine(_root, "experiments"), _root);

        Assert.Equal(["experiments/a.yml", "experiments/b.yaml"], e.Errors.Select(x => x.File));
        Assert.Equal(["experiments/a.yaml", "experiments/c.yaml"], documents.Select(d => d.File));
        Assert.Equal(3, documents[1].Bind<StageSettings>().Seed);
    }

    [Fact]
    public void Section_binds_with_its_name_in_key_paths()
    {
        var document = ConfigDocument.Parse("train:\n  seed: 5\n  optimizer: {lr: nope}\ntta: {}\n", "exp.yaml");

        var e = Assert.Throws<ConfigException>(() => document.BindSection<StageSettings>("train"));

        Assert.Equal("exp.yaml:3:19: expected a number for 'train.optimizer.lr', got 'nope'", e.Message);
        Assert.Equal("train.optimizer.lr", Assert.Single(e.Errors).KeyPath);
    }

    [Fact]
    public void Dotted_section_binds_a_nested_node()
    {
        var document = ConfigDocument.Parse("train:\n  optimizer: {lr: 0.5}\n  seed: 1\n", "exp.yaml");

        Assert.Equal(0.5, document.BindSection<OptimizerSettings>("train.optimizer").Lr);
        var e = Assert.Throws<ConfigException>(() => document.BindSection<OptimizerSettings>("train.seed.x"));
        Assert.Equal("exp.yaml:3:9: expected a mapping for 'train.seed', got '1'", e.Message);
    }

    [Fact]
    public void Absent_or_empty_section_gives_defaults()
    {
        var document = ConfigDocument.Parse("train:\ntta: {seed: 2}\n", "exp.yaml");

        Assert.Equal(new StageSettings(), document.BindSection<StageSettings>("train"));
        Assert.Equal(new StageSettings(), document.BindSection<StageSettings>("ensemble"));
        Assert.Equal(2, document.BindSection<StageSettings>("tta").Seed);
        Assert.Equal(["train", "tta"], document.Sections);
    }

    [Fact]
    public void Shared_top_level_keys_are_allowed_but_a_misspelt_section_is_not()
    {
        var document = ConfigDocument.Parse("train: {seed: 5}\ntta: {}\ntrian: {}\n", "exp.yaml");

        var e = Assert.Throws<ConfigException>(() => document.BindSection<StageSettings>("train", Shared));

        Assert.Equal("exp.yaml:3:1: unknown key 'trian'; did you mean 'train'?", e.Message);
        Assert.Equal(5, ConfigDocument.Parse("train: {seed: 5}\ntta: {}\n", "exp.yaml").BindSection<StageSettings>("train", Shared).Seed);
    }

    [Fact]
    public void Whole_document_binding_skips_keys_owned_by_other_readers()
    {
        var document = ConfigDocument.Parse("seed: 3\ntta: {anything: 1}\n", "exp.yaml");

        Assert.Equal(3, document.Bind<StageSettings>(Shared).Seed);
        var e = Assert.Throws<ConfigException>(() => document.Bind<StageSettings>());
        Assert.Equal("exp.yaml:2:1: unknown key 'tta'; allowed keys: 'seed', 'optimizer'", e.Message);
    }

    [Fact]
    public void TryBind_collects_the_errors_of_several_files()
    {
        var errors = new List<ConfigError>();
        var first = ConfigDocument.Parse("seed: x\n", "a.yaml").TryBind<StageSettings>(null, errors, out _);
        var second = ConfigDocument.Parse("optimizer: {lr: 0}\n", "b.yaml").TryBind<StageSettings>(null, errors, out _);
        var third = ConfigDocument.Parse("seed: 4\n", "c.yaml").TryBind<StageSettings>(null, errors, out var value);

        Assert.False(first);
        Assert.False(second);
        Assert.True(third);
        Assert.Equal(4, value!.Seed);
        var e = Assert.Throws<ConfigException>(() => ConfigException.ThrowIfAny(errors));
        Assert.Equal(
            "a.yaml:1:7: expected an integer for 'seed', got 'x'\nb.yaml:1:17: 'optimizer.lr' must be > 0 and <= 10, got 0",
            e.Message);
    }

    [Fact]
    public void ErrorAt_positions_a_later_check_at_the_named_value_or_its_closest_ancestor()
    {
        var document = ConfigDocument.Parse("ensemble:\n  members:\n    - {model: resnet, checkpoint: best}\n    - {model: inception}\n", "exp.yaml");

        Assert.Equal(
            "exp.yaml:3:35: checkpoint 'best' of 'resnet' does not exist",
            document.ErrorAt("ensemble.members[0].checkpoint", "checkpoint 'best' of 'resnet' does not exist").ToString());
        Assert.Equal(
            "exp.yaml:4:7: no checkpoint",
            document.ErrorAt("ensemble.members[1].checkpoint", "no checkpoint").ToString());
        Assert.Equal("ensemble.members[1].checkpoint", document.ErrorAt("ensemble.members[1].checkpoint", "x").KeyPath);
    }

    [Fact]
    public void A_file_that_extends_another_is_that_file_with_its_own_keys_put_in()
    {
        Write("experiments/base.yaml", "name: resnet\nseed: 11\noptimizer: {kind: adam, lr: 0.5, momentum: 0.8}\nphases:\n  - {epochs: 3}\n  - {epochs: 5}\ntags: [a, b]\n");
        var child = Write("experiments/child.yaml", "extends: base.yaml\nseed: 12\noptimizer: {lr: 0.1}\noptimizer.momentum: 0.5\nphases:\n  - {epochs: 8}\n");

        var document = ConfigDocument.Load(child, _root);
        var settings = document.Bind<TrainSettings>();

        Assert.Equal("experiments/child.yaml", document.File);
        Assert.Equal(["name", "seed", "optimizer", "phases", "tags"], document.Sections);
        Assert.Equal(("resnet", 12), (settings.Name, settings.Seed));
        // A mapping merges key by key, dotted or nested; a list is replaced whole.
        Assert.Equal((OptimizerKind.Adam, 0.1, 0.5), (settings.Optimizer.Kind, settings.Optimizer.Lr, settings.Optimizer.Momentum));
        Assert.Equal([8], settings.Phases.Select(p => p.Epochs));
        Assert.Equal(["a", "b"], settings.Tags);
    }

    [Fact]
    public void Extends_follows_a_chain_across_folders_and_names_each_value_s_own_file()
    {
        Directory.CreateDirectory(Path.Combine(_root, "shared"));
        Write("shared/common.yaml", "seed: 1\noptimizer:\n  lr: -1\n  momentum: 0.5\n");
        Write("experiments/middle.yaml", "extends: ../shared/common.yaml\noptimizer.momentum: 2\n");
        var child = Write("experiments/child.yaml", "extends: middle.yaml\nseed: x\n");

        var e = Assert.Throws<ConfigException>(() => ConfigDocument.Load(child, _root).Bind<StageSettings>());

        Assert.Equal(
            "experiments/child.yaml:2:7: expected an integer for 'seed', got 'x'\n" +
            "experiments/middle.yaml:2:21: 'optimizer.momentum' must be between 0 and 1, got 2\n" +
            "shared/common.yaml:3:7: 'optimizer.lr' must be > 0 and <= 10, got -1",
            string.Join("\n", e.Errors.Select(x => x.ToString()).Order(StringComparer.Ordinal)));
    }

    [Theory]
    [InlineData("extends: missing.yaml\n", "experiments/child.yaml:1:10: 'missing.yaml' does not exist (looked for experiments/missing.yaml)")]
    [InlineData("extends: [base.yaml]\n", "experiments/child.yaml:1:10: expected the YAML file this one builds on, relative to its folder (extends: resnet.yaml), got [base.yaml]")]
    [InlineData("extends: child.yaml\n", "experiments/child.yaml:1:10: the files extend each other in a cycle: experiments/child.yaml -> experiments/child.yaml")]
    [InlineData("extends: loop.yaml\n", "experiments/loop.yaml:1:10: the files extend each other in a cycle: experiments/child.yaml -> experiments/loop.yaml -> experiments/child.yaml")]
    [InlineData("extends: base.yaml\noptimizer: {lr: 0.1}\noptimizer.lr: 0.2\n", "experiments/child.yaml:3:11: 'optimizer.lr' of experiments/child.yaml is set twice; the other is at experiments/child.yaml:2:13")]
    public void A_bad_extends_is_an_error_at_its_value(string text, string expected)
    {
        Write("experiments/base.yaml", "seed: 1\n");
        Write("experiments/loop.yaml", "extends: child.yaml\n");
        var child = Write("experiments/child.yaml", text);

        var e = Assert.Throws<ConfigException>(() => ConfigDocument.Load(child, _root));

        Assert.Equal(expected, e.Message);
    }

    private string Write(string relative, string text)
    {
        var path = Path.Combine(_root, relative);
        File.WriteAllText(path, text);
        return path;
    }
}

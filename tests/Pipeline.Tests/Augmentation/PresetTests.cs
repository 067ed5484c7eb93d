using Pipeline.Augmentation;
using Pipeline.Augmentation.Specs;
using Pipeline.Config;
using SixLabors.ImageSharp;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Pipeline.Tests.Augmentation;

public sealed class PresetTests
{
    public static readonly string[] Expected =
    [
        "none", "identity", "keras_cp2", "keras_cp3", "keras_cp4", "keras_cp5",
        "affine_cp6", "affine_cp7", "affine_cp8", "affine_cp9", "affine_cp10", "affine_cp11",
        "aggressive_part2", "resnet_colour", "resnet_rot180", "tta0_gentle", "tta1_aggressive", "tta2_more_aggressive",
    ];

    public static TheoryData<string> Names() => new(Expected);

    [Fact]
    public void The_embedded_presets_file_loads_with_every_preset()
    {
        Assert.Equal(Expected.Order(StringComparer.Ordinal), AugmentationPresets.BuiltIn.Names);
        var aggressive = AugmentationPresets.BuiltIn.Resolve("aggressive_part2");
        Assert.Equal(6, aggressive.Count);
        var affine = Assert.IsType<AffineSpec>(aggressive[^1]);
        Assert.Equal(new ValueRange(0.35, 2.1), affine.Scale);
        Assert.Equal(new ValueRange(-70, 70), affine.Shear);
        Assert.Equal("reflect", affine.Mode);
        var add = Assert.IsType<AddSpec>(Assert.IsType<SometimesSpec>(aggressive[0]).Then.Single());
        Assert.Equal(new ValueRange(-80, 80), add.Value);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_preset_runs_and_keeps_shape_and_range(string name)
    {
        using var x = torch.rand(4, 3, 32, 32, generator: new Generator(1));
        using var y = AugmentationPresets.BuiltIn.Create(name).Apply(x, new Generator(2));
        Assert.Equal(x.shape, y.shape);
        Assert.False(y.isnan().any().item<bool>());
        Assert.InRange(y.min().item<float>(), 0f, 1f);
        Assert.InRange(y.max().item<float>(), 0f, 1f);
    }

    [Fact]
    public void An_experiment_file_adds_and_overrides_presets()
    {
        const string yaml = """
            none:
              - fliplr: {p: 1}
            mine:
              - preset: affine_cp6
              - sometimes: {p: 0.5, then: [{gaussian_noise: {scale: [0, 10]}}]}
              - one_of: [fliplr, flipud]
            """;
        var presets = AugmentationPresets.BuiltIn.With(AugmentationPresets.Parse(yaml, "augmentations.yaml"));
        Assert.Contains("mine", presets.Names);
        Assert.Contains("affine_cp6", presets.Names);
        using var x = torch.rand(2, 3, 16, 16, generator: new Generator(1));
        using var flipped = presets.Create("none").Apply(x, new Generator(1));
        Assert.Equal(0f, (flipped - x.flip(3)).abs().max().item<float>());
        using var mine = presets.Create("mine").Apply(x, new Generator(1));
        Assert.Equal(x.shape, mine.shape);
    }

    [Fact]
    public void Unknown_presets_and_cycles_are_clear_errors()
    {
        var e = Assert.Throws<KeyNotFoundException>(() => AugmentationPresets.BuiltIn.Resolve("affine_cp66"));
        Assert.Contains("affine_cp6", e.Message);
        var looping = AugmentationPresets.BuiltIn.With(new Dictionary<string, IReadOnlyList<AugmentationSpec>>
        {
            ["a"] = [new PresetSpec { Name = "b" }],
            ["b"] = [new PresetSpec { Name = "a" }],
        });
        var cycle = Assert.Throws<ArgumentException>(() => looping.Create("a"));
        Assert.Contains("a → b → a", cycle.Message);
    }

    [Fact]
    public void Bad_yaml_names_the_file_and_key()
    {
        const string yaml = """
            broken:
              - affine: {rotat: 30}
            """;
        var e = Assert.Throws<ConfigException>(() => AugmentationPresets.Parse(yaml, "augmentations.yaml"));
        Assert.Contains("augmentations.yaml", e.Message);
        Assert.Contains("rotat", e.Message);
    }

    [Fact]
    public void The_preview_grid_has_one_row_per_image_and_a_copy_per_column()
    {
        var path = Path.Combine(Path.GetTempPath(), $"preview-{Environment.ProcessId}.png");
        using var images = torch.randint(0, 256, [3, 3, 20, 24], ScalarType.Byte, generator: new Generator(1));
        AugmentationPreview.WritePng(images, AugmentationPresets.BuiltIn.Create("aggressive_part2"), seed: 1, copies: 4, path);
        var info = Image.Identify(path);
        File.Delete(path);
        Assert.Equal(5 * (24 + 2) + 2, info.Width);
        Assert.Equal(3 * (20 + 2) + 2, info.Height);
    }
}

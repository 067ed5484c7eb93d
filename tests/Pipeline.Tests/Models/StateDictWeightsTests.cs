using Pipeline.Models;
using Pipeline.Models.Configuration;
using Pipeline.Models.Pretrained;
using TorchSharp;
using TorchSharp.PyBridge;
using Xunit;
using static TorchSharp.torch;

namespace Pipeline.Tests.Models;

[Collection(GlobalRandomStateCollection.Name)]
public sealed class StateDictWeightsTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("statedict-").FullName;

    private static ModelConfig Config(string pretrained) =>
        new() { Architecture = "resnet18", Width = 0.125, Pretrained = pretrained, InputSize = 32 };

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Theory]
    [InlineData("weights.pth")]
    [InlineData("weights.safetensors")]
    public void A_state_dict_saved_from_a_model_loads_by_name(string file)
    {
        using var source = ModelFactory.Create(Config("none"), 3, seed: 1, folder);
        var path = Path.Combine(folder, file);
        if (file.EndsWith(".pth", StringComparison.Ordinal))
        {
            source.Backbone.save_py(path);
        }
        else
        {
            source.Backbone.save_safetensors(path);
        }

        using var loaded = ModelFactory.Create(Config(path), 3, seed: 2, folder);
        var expected = source.Backbone.state_dict();
        var actual = loaded.Backbone.state_dict();
        Assert.All(expected.Keys, k => Assert.True(expected[k].equal(actual[k]).all().item<bool>(), k));
    }

    [Fact]
    public void Classifier_keys_are_skipped_and_a_mismatch_lists_every_problem()
    {
        using var source = ModelFactory.Create(Config("none"), 3, seed: 1, folder);
        var weights = source.Backbone.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());
        weights["fc.weight"] = torch.zeros(1000, 512);
        var good = Path.Combine(folder, "with_fc.safetensors");
        Safetensors.SaveStateDict(good, weights);
        using (ModelFactory.Create(Config(good), 3, seed: 1, folder))
        {
        }

        weights.Remove("layer1.0.conv1.weight");
        weights["layer9.extra.weight"] = torch.zeros(3);
        weights["conv1.weight"] = torch.zeros(8, 3, 3, 3);
        var bad = Path.Combine(folder, "tampered.safetensors");
        Safetensors.SaveStateDict(bad, weights);
        var e = Assert.Throws<WeightMismatchException>(() => ModelFactory.Create(Config(bad), 3, seed: 1, folder));
        Assert.Equal(["layer1.0.conv1.weight"], e.Missing);
        Assert.Equal(["layer9.extra.weight"], e.Unexpected);
        Assert.Single(e.ShapeMismatches);
        Assert.Contains("conv1.weight: file [8, 3, 3, 3] vs model [8, 3, 7, 7]", e.Message);
        Assert.Contains("missing keys (1): layer1.0.conv1.weight", e.Message);
        Assert.Contains("unexpected keys (1): layer9.extra.weight", e.Message);
        Assert.Contains(bad, e.Message);
    }

    [Fact]
    public void A_missing_file_names_the_path()
    {
        var path = Path.Combine(folder, "nope.pth");
        var e = Assert.Throws<FileNotFoundException>(() => ModelFactory.Create(Config(path), 3, seed: 1, folder));
        Assert.Contains(path, e.Message);
    }
}

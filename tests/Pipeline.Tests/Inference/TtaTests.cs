using Pipeline.Ensembling.Predictions;
using Pipeline.Inference;
using Pipeline.Inference.Configuration;
using Pipeline.Models;
using TorchSharp;
using Xunit;

namespace Pipeline.Tests.Inference;

[Collection(Pipeline.Tests.Models.GlobalRandomStateCollection.Name)]
public sealed class TtaTests
{
    private static TtaOptions Options => new() { Augmenters = InferenceFixtures.Resolver, PretrainedDirectory = Path.GetTempPath() };

    private static TtaModel Model(InferenceFixtures f) => new("tiny", f.ModelConfig, [new TtaCheckpoint("p_e1", 1, f.CheckpointPath)]);

    [Fact]
    public void Identity_TTA_equals_the_plain_prediction()
    {
        using var f = new InferenceFixtures();
        var config = new TtaConfig { Versions = [-1, 0], Presets = ["identity"], Copies = 4, IncludePlain = true, BatchSize = 3 };
        var output = Path.Combine(f.Directory, "tta");
        var outputs = TtaRunner.Run(config, Model(f), f.Validation, f.Test, output, Options);

        Assert.Equal(4, outputs.Count);
        foreach (var split in new[] { "val", "test" })
        {
            var plain = PredictionFile.Read(Path.Combine(output, outputs.Single(o => o.TtaVersion == -1 && o.Split == split).File));
            var tta = PredictionFile.Read(Path.Combine(output, outputs.Single(o => o.TtaVersion == 0 && o.Split == split).File));
            Assert.Equal(plain.Probabilities.Length, tta.Probabilities.Length);
            for (int i = 0; i < plain.Probabilities.Length; i++)
            {
                Assert.True(Math.Abs(plain.Probabilities[i] - tta.Probabilities[i]) <= 1e-6, $"{split}[{i}]: {plain.Probabilities[i]} vs {tta.Probabilities[i]}");
            }
        }
    }

    [Fact]
    public void Outputs_have_the_shards_ids_shapes_and_names()
    {
        using var f = new InferenceFixtures(validationCount: 10, testCount: 7);
        var config = new TtaConfig { Versions = [-1, 0], Presets = ["noise"], Copies = 3, IncludeFlips = true, BatchSize = 4 };
        var output = Path.Combine(f.Directory, "tta");
        var outputs = TtaRunner.Run(config, Model(f), f.Validation, f.Test, output, Options);

        Assert.Equal(
            ["predictions/tiny__p_e1__tta-1.val.pred", "predictions/tiny__p_e1__tta-1.test.pred", "predictions/tiny__p_e1__tta0.val.pred", "predictions/tiny__p_e1__tta0.test.pred"],
            outputs.Select(o => o.File));
        var test = PredictionFile.Read(Path.Combine(output, "predictions/tiny__p_e1__tta0.test.pred"));
        Assert.Equal(f.Test.Ids, test.Ids);
        Assert.Equal(InferenceFixtures.Classes, test.Classes);
        Assert.Equal(7 * 3, test.Probabilities.Length);
        Assert.Equal(("tiny", "p_e1", 0, "test"), (test.Model, test.Checkpoint, test.TtaVersion, test.Split));
        Assert.All(test.Labels, l => Assert.Equal(-1, l));
        for (int i = 0; i < 7; i++)
        {
            Assert.Equal(1.0, test.Probabilities.Skip(i * 3).Take(3).Sum(), 5);
        }

        var val = PredictionFile.Read(Path.Combine(output, "predictions/tiny__p_e1__tta0.val.pred"));
        Assert.Equal(f.Validation.Labels, val.Labels);
        Assert.NotNull(outputs.Single(o => o.File.EndsWith("tta0.val.pred", StringComparison.Ordinal)).Accuracy);
        Assert.Null(outputs.Single(o => o.File.EndsWith("tta0.test.pred", StringComparison.Ordinal)).Accuracy);
        Assert.True(File.Exists(Path.Combine(output, "tta.json")));
    }

    [Fact]
    public void Same_seed_gives_the_same_probabilities_and_another_seed_others()
    {
        using var f = new InferenceFixtures();
        using var model = ModelFactory.Create(f.ModelConfig, InferenceFixtures.Classes.Length, 0, f.Directory);
        model.load(f.CheckpointPath);
        float[] Run(long seed) => Predictor.Predict(model, f.Validation, 4, torch.CPU, new AugmentedViews(new InferenceFixtures.ViewNoise(), 5, false, false, seed, 0, 0));

        var a = Run(1);
        var gentle = Pipeline.Augmentation.AugmentationPresets.BuiltIn.Create("tta1_aggressive");
        Assert.Equal(
            Predictor.Predict(model, f.Test, 4, torch.CPU, new AugmentedViews(gentle, 3, true, true, 9, 1, 1)),
            Predictor.Predict(model, f.Test, 4, torch.CPU, new AugmentedViews(gentle, 3, true, true, 9, 1, 1)));
        Assert.Equal(a, Run(1));
        Assert.NotEqual(a, Run(2));
        Assert.NotEqual(a, Predictor.Predict(model, f.Validation, 4, torch.CPU));
    }

    [Fact]
    public void Checkpoint_selection_picks_all_last_k_or_names()
    {
        TtaCheckpoint C(string name, int epoch) => new(name, epoch, name + ".pt");
        var all = new[] { C("b_e5", 5), C("a_e2", 2), C("b_e6", 6) };
        Assert.Equal(["a_e2", "b_e5", "b_e6"], Pipeline.Inference.CheckpointSelection.Select(new TtaConfig(), all, "m").Select(c => c.Name));
        Assert.Equal(["b_e5", "b_e6"], Pipeline.Inference.CheckpointSelection.Select(new TtaConfig { Checkpoints = "last_k", LastK = 2 }, all, "m").Select(c => c.Name));
        Assert.Equal(["b_e6", "a_e2"], Pipeline.Inference.CheckpointSelection.Select(new TtaConfig { Checkpoints = "names", Names = ["b_e6", "a_e2"] }, all, "m").Select(c => c.Name));
        var error = Assert.Throws<ArgumentException>(() => Pipeline.Inference.CheckpointSelection.Select(new TtaConfig { Checkpoints = "names", Names = ["cp99"] }, all, "m"));
        Assert.Contains("'cp99'", error.Message);
    }

    [Fact]
    public void Config_validation()
    {
        Assert.Empty(new TtaConfig().Validate());
        Assert.Contains(new TtaConfig { Versions = [3] }.Validate(), p => p.Key == "versions");
        Assert.Contains(new TtaConfig { Copies = 0 }.Validate(), p => p.Key == "copies");
        Assert.Contains(new TtaConfig { Checkpoints = "names" }.Validate(), p => p.Key == "names");
    }
}

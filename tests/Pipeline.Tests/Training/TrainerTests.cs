using System.Security.Cryptography;
using Pipeline.Foundation;
using Pipeline.Training;
using Pipeline.Training.Checkpoints;
using Pipeline.Training.Configuration;
using Pipeline.Training.Metrics;
using Pipeline.Training.Optimization;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Pipeline.Tests.Training;

[Collection(TorchCollection.Name)]
public sealed class TrainerTests
{
    [Fact]
    public void Every_parameter_receives_a_gradient_and_the_loss_falls()
    {
        using var data = TinyData.Create();
        using var model = Runs.FreshModel(TinyData.TinyModel());
        model.train();
        var parameters = model.TrainableParameters();
        using var optimizer = OptimizerFactory.Create(new OptimizerConfig { Lr = 1e-2 }, parameters);
        var buffer = new byte[data.Train.Count * data.Train.ImageBytes];
        data.Train.CopyImages(Enumerable.Range(0, data.Train.Count).ToArray(), buffer);
        using var images = torch.tensor(buffer, [data.Train.Count, 3, TinyData.Size, TinyData.Size]).to_type(ScalarType.Float32).div_(255f);
        using var labels = torch.tensor(data.Train.Labels.Select(l => (long)l).ToArray());

        var losses = new List<double>();
        for (int step = 0; step < 4; step++)
        {
            using var scope = torch.NewDisposeScope();
            var (loss, _) = TrainStep.Run(model, optimizer, images, labels, 0, () => $"step {step}");
            losses.Add(loss);
            if (step == 0)
            {
                foreach (var (name, p) in model.named_parameters())
                {
                    var grad = p.grad;
                    Assert.True(grad is not null, $"{name} got no gradient");
                    Assert.True(grad.abs().sum().item<float>() > 0, $"{name}'s gradient is zero");
                }
            }
        }
        Assert.All(losses, l => Assert.True(double.IsFinite(l)));
        Assert.True(losses[^1] < losses[0] * 0.9, $"loss did not fall: {string.Join(", ", losses)}");
    }

    [Fact]
    public void Pinned_first_epoch_loss()
    {
        // A silent change in data order, augmentation seeding, init or the loss changes this number.
        using var data = TinyData.Create();
        var output = TempDirectory.Create("pinned");
        try
        {
            var config = Runs.Config(Runs.Phase("only", 1, augment: "noise")) with { LabelSmoothing = 0.1 };
            var result = TrainRunner.Run(config, TinyData.TinyModel(), data.Data, output, Runs.Options());
            double loss = result.Epochs[0].TrainLoss;
            Assert.True(Math.Abs(loss - PinnedLoss) <= PinnedLoss * 1e-4, $"first-epoch loss {loss:R}, pinned {PinnedLoss:R}");
        }
        finally
        {
            TempDirectory.Delete(output);
        }
    }

    private const double PinnedLoss = 0.7410244941711426;

    [Fact]
    public void Frozen_backbone_keeps_weights_and_batch_norm_statistics()
    {
        using var data = TinyData.Create();
        var output = TempDirectory.Create("frozen");
        try
        {
            var modelConfig = TinyData.TinyModel();
            var config = Runs.Config(Runs.Phase("head_only", 2, layers: "head", augment: "noise"));
            var result = TrainRunner.Run(config, modelConfig, data.Data, output, Runs.Options());

            using var initial = Runs.FreshModel(modelConfig, seed: config.Seed);
            using var trained = Runs.LoadCheckpoint(modelConfig, Path.Combine(output, result.Checkpoints[^1].File));
            var before = initial.state_dict();
            var after = trained.state_dict();
            int backboneEntries = 0, headChanged = 0;
            foreach (var (key, value) in before)
            {
                bool same = Same.Tensors(value, after[key]);
                if (key.StartsWith("backbone.", StringComparison.Ordinal))
                {
                    backboneEntries++;
                    Assert.True(same, $"frozen {key} changed");
                }
                else if (key.StartsWith("head.", StringComparison.Ordinal) && !same)
                {
                    headChanged++;
                }
            }
            Assert.Contains(before.Keys, k => k.StartsWith("backbone.", StringComparison.Ordinal) && k.EndsWith("running_mean", StringComparison.Ordinal));
            Assert.True(backboneEntries > 0);
            Assert.True(headChanged > 0, "the head did not train");
        }
        finally
        {
            TempDirectory.Delete(output);
        }
    }

    [Fact]
    public void Unfrozen_phase_changes_the_backbone()
    {
        // The other half of the freezing proof: the same comparison does see backbone changes when it trains.
        using var data = TinyData.Create();
        var output = TempDirectory.Create("unfrozen");
        try
        {
            var modelConfig = TinyData.TinyModel();
            var config = Runs.Config(Runs.Phase("all", 1));
            var result = TrainRunner.Run(config, modelConfig, data.Data, output, Runs.Options());
            using var initial = Runs.FreshModel(modelConfig, seed: config.Seed);
            using var trained = Runs.LoadCheckpoint(modelConfig, Path.Combine(output, result.Checkpoints[^1].File));
            var after = trained.state_dict();
            var changed = initial.state_dict().Where(kv => kv.Key.StartsWith("backbone.", StringComparison.Ordinal) && !Same.Tensors(kv.Value, after[kv.Key])).Select(kv => kv.Key).ToList();
            Assert.Contains(changed, k => k.EndsWith("running_mean", StringComparison.Ordinal));
            Assert.Contains(changed, k => k.EndsWith("weight", StringComparison.Ordinal));
        }
        finally
        {
            TempDirectory.Delete(output);
        }
    }

    [Fact]
    public void Manifest_lists_phase_ends_and_last_k_with_their_metrics()
    {
        using var data = TinyData.Create();
        var output = TempDirectory.Create("manifest");
        try
        {
            var config = Runs.Config(
                Runs.Phase("warm", 2, layers: "head"),
                Runs.Phase("quiet", 1, save: false),
                Runs.Phase("main", 3, optimizer: "sgd", lr: 0.05, augment: "noise", schedule: new ScheduleConfig { Kind = "step", StepSize = 1, Gamma = 0.5 }));
            var result = TrainRunner.Run(config, TinyData.TinyModel(), data.Data, output, Runs.Options());

            var manifest = CheckpointManifest.Read(output);
            Assert.Equal(["warm_e2", "main_e5", "main_e6"], manifest.Select(e => e.Name));
            Assert.Equal(["phase_end"], manifest[0].Reasons);
            Assert.Equal(["last_k"], manifest[1].Reasons);
            Assert.Equal(["phase_end", "last_k", "final"], manifest[2].Reasons);
            var epochs = MetricsLog.Read(output);
            Assert.Equal(6, epochs.Count);
            Assert.Equal([1, 2, 3, 4, 5, 6], epochs.Select(e => e.Epoch));
            foreach (var entry in manifest)
            {
                var path = Path.Combine(output, entry.File);
                Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))), entry.Sha256);
                var epoch = epochs.Single(m => m.Epoch == entry.Epoch);
                Assert.Equal(epoch.ValAcc, entry.ValAccuracy);
                Assert.Equal(epoch.ValLoss, entry.ValLoss);
                Assert.Equal(entry.Phase, epoch.Phase);
            }
            // Step schedule, one lr per epoch of the phase: 0.05, 0.025, 0.0125.
            Assert.Equal([0.05, 0.025, 0.0125], epochs.Where(e => e.Phase == "main").Select(e => e.Lr));
            Assert.All(epochs, e => Assert.InRange(e.ValAcc!.Value, 0, 1));
            Assert.Equal(result.Checkpoints.Select(c => c.Sha256), manifest.Select(c => c.Sha256));
            Assert.Empty(Directory.EnumerateFiles(output, "*.tmp-*", SearchOption.AllDirectories));
            Assert.Empty(Directory.EnumerateFiles(Path.Combine(output, "state"), "*.pt"));

            var summary = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "metrics.json"))).RootElement;
            Assert.Equal("val_accuracy", summary.GetProperty("headline").GetProperty("name").GetString());
            Assert.Equal(manifest[^1].ValAccuracy, summary.GetProperty("headline").GetProperty("value").GetDouble());
            Assert.True(File.Exists(Path.Combine(output, "model.json")));
        }
        finally
        {
            TempDirectory.Delete(output);
        }
    }

    [Fact]
    public void Checkpoint_round_trip_gives_identical_outputs()
    {
        using var data = TinyData.Create();
        var output = TempDirectory.Create("roundtrip");
        try
        {
            var modelConfig = TinyData.TinyModel();
            using var model = Runs.FreshModel(modelConfig, seed: 3);
            var store = new CheckpointStore(output, AtomicFileWriter.Default, 0);
            var entry = store.Save(model, "p", 1, 0.5, 0.25, ["final"]);
            using var loaded = Runs.LoadCheckpoint(modelConfig, Path.Combine(output, entry.File));
            model.eval();
            loaded.eval();
            using var input = torch.rand([4, 3, TinyData.Size, TinyData.Size], generator: new Generator(5));
            using var a = model.call(input);
            using var b = loaded.call(input);
            Assert.True(Same.Tensors(a, b));
            var listed = Assert.Single(CheckpointManifest.Read(output));
            Assert.Equal((entry.Name, entry.File, entry.Sha256, entry.ValLoss, entry.ValAccuracy), (listed.Name, listed.File, listed.Sha256, listed.ValLoss, listed.ValAccuracy));
            Assert.Equal(["final"], listed.Reasons);
        }
        finally
        {
            TempDirectory.Delete(output);
        }
    }

    [Fact]
    public void NaN_loss_fails_naming_phase_epoch_and_step()
    {
        using var data = TinyData.Create();
        var output = TempDirectory.Create("nan");
        try
        {
            var config = Runs.Config(Runs.Phase("clean", 1), Runs.Phase("poisoned", 2, augment: "nan"));
            var error = Assert.Throws<TrainingDivergedException>(() => TrainRunner.Run(config, TinyData.TinyModel(), data.Data, output, Runs.Options()));
            Assert.Contains("loss is NaN", error.Message);
            Assert.Contains("phase 'poisoned'", error.Message);
            Assert.Contains("epoch 2 (epoch 1 of the phase)", error.Message);
            Assert.Contains("step 1 of 3", error.Message);
            // The finished epoch stays resumable.
            Assert.Contains("\"completed_epochs\": 1", File.ReadAllText(Path.Combine(output, "state", "progress.json")));
        }
        finally
        {
            TempDirectory.Delete(output);
        }
    }

    [Fact]
    public void Prefetching_does_not_change_the_weights()
    {
        using var data = TinyData.Create();
        var a = TempDirectory.Create("prefetch-a");
        var b = TempDirectory.Create("prefetch-b");
        try
        {
            // The real part-2 preset, run on the prefetch thread in one run and on the training thread in the other:
            // equal weights show its randomness comes only from the per-batch generator.
            var config = Runs.Config(Runs.Phase("p", 2, augment: "aggressive_part2"));
            var presets = Runs.Options() with { Augmenters = Pipeline.Augmentation.AugmentationPresets.BuiltIn.Create };
            var ra = TrainRunner.Run(config, TinyData.TinyModel(), data.Data, a, presets with { PrefetchDepth = 0 });
            var rb = TrainRunner.Run(config, TinyData.TinyModel(), data.Data, b, presets with { PrefetchDepth = 2 });
            Assert.Equal(ra.Checkpoints.Select(c => c.Sha256), rb.Checkpoints.Select(c => c.Sha256));
        }
        finally
        {
            TempDirectory.Delete(a);
            TempDirectory.Delete(b);
        }
    }

    [Fact]
    public void Unknown_preset_fails_before_training()
    {
        using var data = TinyData.Create();
        var output = TempDirectory.Create("preset");
        try
        {
            var config = Runs.Config(Runs.Phase("p", 1, augment: "nosuchpreset"));
            var error = Assert.Throws<ArgumentException>(() => TrainRunner.Run(config, TinyData.TinyModel(), data.Data, output, Runs.Options()));
            Assert.Contains("nosuchpreset", error.Message);
            Assert.False(File.Exists(Path.Combine(output, MetricsLog.FileName)));
        }
        finally
        {
            TempDirectory.Delete(output);
        }
    }
}

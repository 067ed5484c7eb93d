using Pipeline.Training;
using Pipeline.Training.Configuration;
using Pipeline.Training.Data;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Pipeline.Tests.Training;

/// <summary>A phase's <c>input_size</c>: its batches are resized after augmentation; validation stays at the data's size.</summary>
[Collection(TorchCollection.Name)]
public sealed class ProgressiveResizingTests
{
    [Fact]
    public void Batches_are_the_augmented_images_resized_to_the_phase_size()
    {
        using var data = TinyData.Create();
        var table = new SampleTable(data.Data, null, 7);
        var order = Enumerable.Range(0, table.Count).ToArray();
        var noise = TestAugmenters.Resolver("noise");
        using var full = new EpochBatches(table, order, 8, noise, 7, 1, torch.CPU, 0);
        using var small = new EpochBatches(table, order, 8, noise, 7, 1, torch.CPU, 0, trainSize: 8);
        var fullBatches = full.Read(CancellationToken.None).ToList();
        var smallBatches = small.Read(CancellationToken.None).ToList();
        try
        {
            Assert.Equal(fullBatches.Count, smallBatches.Count);
            for (int b = 0; b < fullBatches.Count; b++)
            {
                Assert.Equal([fullBatches[b].Count, 3, TinyData.Size, TinyData.Size], fullBatches[b].Images.shape);
                Assert.Equal([smallBatches[b].Count, 3, 8, 8], smallBatches[b].Images.shape);
                // The same augmentation draws, then the resize: not a resize of the raw images augmented afterwards.
                using var expected = nn.functional.interpolate(fullBatches[b].Images, [8, 8], mode: InterpolationMode.Bilinear, align_corners: false, antialias: true);
                Assert.True(Same.Tensors(expected, smallBatches[b].Images), $"batch {b} is not the augmented batch resized");
                Assert.True(Same.Tensors(fullBatches[b].Labels, smallBatches[b].Labels));
            }

            // Antialiased: a 2x downscale averages neighbours, so the values stay within each image's range and the mean is kept.
            var first = fullBatches[0].Images;
            var resized = smallBatches[0].Images;
            Assert.True(Math.Abs(first.mean().item<float>() - resized.mean().item<float>()) < 0.01f);
            Assert.True(resized.amax([1, 2, 3]).le(first.amax([1, 2, 3]) + 1e-6f).all().item<bool>());
            Assert.True(resized.amin([1, 2, 3]).ge(first.amin([1, 2, 3]) - 1e-6f).all().item<bool>());
        }
        finally
        {
            fullBatches.ForEach(b => b.Dispose());
            smallBatches.ForEach(b => b.Dispose());
        }
    }

    [Fact]
    public void A_small_first_phase_trains_and_validates_at_the_data_size()
    {
        using var data = TinyData.Create();
        var resized = TempDirectory.Create("progressive");
        var plain = TempDirectory.Create("not-progressive");
        try
        {
            var modelConfig = TinyData.TinyModel();
            var config = Runs.Config(
                Runs.Phase("small", 1, augment: "noise", save: false) with { InputSize = 8 },
                Runs.Phase("main", 1, augment: "noise")) with { Checkpoints = new CheckpointsConfig { LastK = 1 } };
            var result = TrainRunner.Run(config, modelConfig, data.Data, resized, Runs.Options());
            Assert.Equal(2, result.Epochs.Count);
            Assert.All(result.Epochs, e => Assert.NotNull(e.ValAcc));
            Assert.Equal(["main_e2.pt"], result.Checkpoints.Select(c => Path.GetFileName(c.File)));

            // The same configuration without the resize trains other weights: the phase's size reached the step.
            var unresized = config with { Phases = [config.Phases[0] with { InputSize = null }, config.Phases[1]] };
            var reference = TrainRunner.Run(unresized, modelConfig, data.Data, plain, Runs.Options());
            Assert.NotEqual(reference.Epochs[0].TrainLoss, result.Epochs[0].TrainLoss);
            using var a = Runs.LoadCheckpoint(modelConfig, Path.Combine(resized, result.Checkpoints[^1].File));
            using var b = Runs.LoadCheckpoint(modelConfig, Path.Combine(plain, reference.Checkpoints[^1].File));
            var weightsA = a.state_dict();
            var weightsB = b.state_dict();
            Assert.Contains(weightsA.Keys, k => !Same.Tensors(weightsA[k], weightsB[k]));
        }
        finally
        {
            TempDirectory.Delete(resized);
            TempDirectory.Delete(plain);
        }
    }
}

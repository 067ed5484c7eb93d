using Pipeline.Config;
using Pipeline.Tests.Config;
using Pipeline.Training;
using Pipeline.Training.Configuration;
using Pipeline.Training.Data;
using Pipeline.Training.Optimization;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Pipeline.Tests.Training;

/// <summary>A phase's <c>mix:</c> (mixup, CutMix): the mixed pixels, λ, the partner labels, the loss and the draws.</summary>
[Collection(TorchCollection.Name)]
public sealed class MixTests
{
    private const int Count = 6;

    /// <summary>Image i is filled with the value i + 1 and labelled i, so every mixed pixel says which images it came from.</summary>
    private static (Tensor Images, Tensor Labels) Numbered(int height = 10, int width = 12)
    {
        var images = torch.arange(1, Count + 1, dtype: float32).reshape(Count, 1, 1, 1).expand(Count, 3, height, width).contiguous();
        return (images, torch.arange(Count, dtype: int64));
    }

    [Fact]
    public void Mixup_blends_each_image_with_its_partner_by_lambda()
    {
        using var scope = torch.NewDisposeScope();
        var (images, labels) = Numbered();
        var mixed = BatchMixer.Mix(new MixConfig { Kind = "mixup", Alpha = 1.0 }, images, labels, seed: 3, epoch: 2, batchIndex: 5);
        Assert.NotNull(mixed);
        Assert.InRange(mixed.Lambda, 0.0, 1.0);
        var partners = mixed.PartnerLabels.data<long>().ToArray();
        Assert.Equal(Enumerable.Range(0, Count).Select(i => (long)i), partners.Order());
        Assert.Equal(images.shape, mixed.Images.shape);
        for (int i = 0; i < Count; i++)
        {
            double expected = (mixed.Lambda * (i + 1)) + ((1 - mixed.Lambda) * (partners[i] + 1));
            Assert.Equal(expected, mixed.Images[i].min().item<float>(), 4);
            Assert.Equal(expected, mixed.Images[i].max().item<float>(), 4);
        }
    }

    [Fact]
    public void Cutmix_pastes_one_box_of_the_partner_and_lambda_is_the_share_left()
    {
        using var scope = torch.NewDisposeScope();
        var (images, labels) = Numbered();
        bool sawABox = false;
        for (int batch = 0; batch < 20; batch++)
        {
            var mixed = BatchMixer.Mix(new MixConfig { Kind = "cutmix", Alpha = 1.0 }, images, labels, seed: 3, epoch: 1, batchIndex: batch);
            Assert.NotNull(mixed);
            var partners = mixed.PartnerLabels.data<long>().ToArray();
            Tensor? boxMask = null;
            for (int i = 0; i < Count; i++)
            {
                // Every pixel is the image's own value or its partner's, in every channel.
                var own = mixed.Images[i].eq((float)(i + 1));
                var partner = mixed.Images[i].eq((float)(partners[i] + 1));
                Assert.True(own.logical_or(partner).all().item<bool>(), $"batch {batch}, image {i}: a pixel from neither image");
                if (partners[i] != i)
                {
                    // One box for the whole batch, at the same place in every image and channel.
                    boxMask ??= own[0];
                    Assert.True(own[0].eq(boxMask).all().item<bool>());
                    Assert.True(own.eq(own[0].unsqueeze(0)).all().item<bool>());
                    double share = own[0].to_type(float32).mean().item<float>();
                    Assert.Equal(mixed.Lambda, share, 6);
                    sawABox |= share < 1;
                }
            }
        }

        Assert.True(sawABox);
    }

    [Fact]
    public void The_draws_depend_on_seed_epoch_and_batch_only()
    {
        using var scope = torch.NewDisposeScope();
        var (images, labels) = Numbered();
        var config = new MixConfig { Kind = "cutmix", Alpha = 0.5 };
        var a = BatchMixer.Mix(config, images, labels, 3, 1, 4)!;
        var again = BatchMixer.Mix(config, images.clone(), labels.clone(), 3, 1, 4)!;
        Assert.Equal(a.Lambda, again.Lambda);
        Assert.True(Same.Tensors(a.Images, again.Images));
        Assert.True(Same.Tensors(a.PartnerLabels, again.PartnerLabels));
        var lambdas = new[] { (3L, 1, 5), (3L, 2, 4), (4L, 1, 4) }.Select(d => BatchMixer.Mix(config, images, labels, d.Item1, d.Item2, d.Item3)!.Lambda);
        Assert.All(lambdas, l => Assert.NotEqual(a.Lambda, l));
    }

    [Fact]
    public void P_is_the_share_of_mixed_batches_and_a_single_image_is_never_mixed()
    {
        using var scope = torch.NewDisposeScope();
        var (images, labels) = Numbered();
        Assert.All(Enumerable.Range(0, 50), b => Assert.Null(BatchMixer.Mix(new MixConfig { P = 0 }, images, labels, 1, 1, b)));
        Assert.Null(BatchMixer.Mix(new MixConfig(), images[..1], labels[..1], 1, 1, 0));
        int mixedBatches = Enumerable.Range(0, 2000).Count(b => BatchMixer.Mix(new MixConfig { P = 0.3 }, images, labels, 1, 1, b) is not null);
        Assert.InRange(mixedBatches, 520, 680);
    }

    [Fact]
    public void Lambda_follows_beta_alpha_alpha()
    {
        using var scope = torch.NewDisposeScope();
        var (images, labels) = Numbered();
        double[] Draws(double alpha) => Enumerable.Range(0, 2000)
            .Select(b => BatchMixer.Mix(new MixConfig { Alpha = alpha }, images, labels, 9, 1, b)!.Lambda).ToArray();
        // Beta(1, 1) is uniform: mean 1/2, a tenth of the draws in each tenth of [0, 1].
        var uniform = Draws(1.0);
        Assert.InRange(uniform.Average(), 0.47, 0.53);
        Assert.InRange(uniform.Count(l => l < 0.1), 160, 240);
        // Beta(0.2, 0.2) puts most of its mass near 0 and 1: P(λ < 0.1 or λ > 0.9) = 0.673 (numerical integration),
        // 1,347 of 2,000 draws with a standard deviation of 21.
        var edges = Draws(0.2).Count(l => l < 0.1 || l > 0.9);
        Assert.InRange(edges, 1280, 1410);
    }

    [Fact]
    public void The_mixed_loss_weighs_both_labels_by_lambda()
    {
        using var scope = torch.NewDisposeScope();
        // softmax([0, ln 3]) = [1/4, 3/4]; labels 0 and 1 with λ 0.3: 0.3·(-ln 1/4) + 0.7·(-ln 3/4).
        var logits = torch.tensor(new float[] { 0f, MathF.Log(3f) }).reshape(1, 2);
        var own = torch.tensor(new long[] { 0 });
        var partner = torch.tensor(new long[] { 1 });
        Assert.Equal(-(0.3 * Math.Log(0.25)) - (0.7 * Math.Log(0.75)), Losses.MixedCrossEntropy(logits, own, partner, 0.3).item<float>(), 5);
        // With smoothing each term is smoothed: ε 0.2 over 2 classes makes the targets [0.9, 0.1] and [0.1, 0.9].
        double smoothedOwn = -((0.9 * Math.Log(0.25)) + (0.1 * Math.Log(0.75)));
        double smoothedPartner = -((0.1 * Math.Log(0.25)) + (0.9 * Math.Log(0.75)));
        Assert.Equal((0.3 * smoothedOwn) + (0.7 * smoothedPartner), Losses.MixedCrossEntropy(logits, own, partner, 0.3, 0.2).item<float>(), 5);
        Assert.Equal(Losses.CrossEntropy(logits, own).item<float>(), Losses.MixedCrossEntropy(logits, own, partner, 1.0).item<float>(), 6);
    }

    [Fact]
    public void Mix_binds_from_yaml_and_bad_values_name_the_key()
    {
        var config = ConfigAssert.Bind<TrainConfig>("""
            phases:
              - {name: main, epochs: 2, mix: {kind: cutmix, alpha: 1.0, p: 0.5}}
              - {name: plain, epochs: 1}
            """);
        Assert.Equal(new MixConfig { Kind = "cutmix", Alpha = 1.0, P = 0.5 }, config.Phases[0].Mix);
        Assert.Null(config.Phases[1].Mix);
        Assert.Equal(new MixConfig { Kind = "mixup", Alpha = 0.2, P = 1.0 }, ConfigAssert.Bind<TrainConfig>("phases: [{mix: {}}]").Phases[0].Mix);

        var errors = ConfigAssert.Errors<TrainConfig>("phases:\n  - mix: {kind: blend, p: 2}\n");
        Assert.True(errors.Count == 2, string.Join("\n", errors));
        Assert.Contains(errors, e => e.Contains("phases[0].mix.kind", StringComparison.Ordinal) && e.Contains("blend", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("phases[0].mix.p", StringComparison.Ordinal));
        Assert.All(errors, e => Assert.StartsWith(ConfigAssert.File + ":2:", e, StringComparison.Ordinal));
        var alpha = Assert.Single(ConfigAssert.Errors<TrainConfig>("phases:\n  - mix: {alpha: 0}\n"));
        Assert.StartsWith(ConfigAssert.File + ":2:", alpha, StringComparison.Ordinal);
        Assert.Contains("phases[0].mix.alpha", alpha, StringComparison.Ordinal);
        Assert.Contains("positive", alpha, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mixed_phase_trains_other_weights_and_resumes_bit_for_bit()
    {
        using var data = TinyData.Create();
        var straight = TempDirectory.Create("mix-straight");
        var broken = TempDirectory.Create("mix-broken");
        var plain = TempDirectory.Create("mix-plain");
        try
        {
            var modelConfig = TinyData.TinyModel();
            var config = Runs.Config(Runs.Phase("main", 3, augment: "noise") with { Mix = new MixConfig { Kind = "cutmix", Alpha = 1.0 } });
            var expected = TrainRunner.Run(config, modelConfig, data.Data, straight, Runs.Options());

            using (var cancel = new CancellationTokenSource())
            {
                var options = Runs.Options() with { Cancellation = cancel.Token, EpochCompleted = m => { if (m.Epoch == 2) { cancel.Cancel(); } } };
                Assert.ThrowsAny<OperationCanceledException>(() => TrainRunner.Run(config, modelConfig, data.Data, broken, options));
            }

            var resumed = TrainRunner.Run(config, modelConfig, data.Data, broken, Runs.Options());
            Assert.Equal(2, resumed.ResumedAfterEpoch);
            Assert.Equal(expected.Checkpoints.Select(c => c.Sha256), resumed.Checkpoints.Select(c => c.Sha256));

            // Without the mix the same run trains other weights: the mixing reached the step.
            var unmixed = TrainRunner.Run(config with { Phases = [config.Phases[0] with { Mix = null }] }, modelConfig, data.Data, plain, Runs.Options());
            Assert.NotEqual(unmixed.Checkpoints[^1].Sha256, expected.Checkpoints[^1].Sha256);
            Assert.NotEqual(unmixed.Epochs[0].TrainLoss, expected.Epochs[0].TrainLoss);
        }
        finally
        {
            TempDirectory.Delete(straight);
            TempDirectory.Delete(broken);
            TempDirectory.Delete(plain);
        }
    }
}

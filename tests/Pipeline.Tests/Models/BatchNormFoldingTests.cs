using Pipeline.Models;
using Pipeline.Models.Configuration;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Pipeline.Tests.Models;

/// <summary>
/// <see cref="BatchNormFolding"/>: every (convolution, batch norm) pair of a ResNet folded, the same outputs within float
/// rounding (also in channels_last, whose strides the fold keeps), and disposing the fold gives back the exact weights
/// and state dict, so a checkpoint loads again; never in training mode.
/// </summary>
[Collection(Pipeline.Tests.Training.TorchCollection.Name)]
public sealed class BatchNormFoldingTests
{
    [Theory]
    [InlineData("resnet18_2223", 22)]   // stem + 9 blocks x 2 + 3 downsample shortcuts
    [InlineData("resnet50", 53)]        // stem + 16 blocks x 3 + 4 downsample shortcuts
    public void Every_convolution_batch_norm_pair_is_found(string architecture, int pairs)
    {
        using var model = Model(architecture);
        Assert.Equal(pairs, BatchNormFolding.PairCount(model));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Folded_outputs_match_and_the_fold_undoes_to_the_exact_weights(bool channelsLast)
    {
        using var model = Model("resnet18_2223");
        Train(model);
        model.eval();
        if (channelsLast)
        {
            ChannelsLast.Apply(model);
        }

        using var generator = new Generator(21);
        using var raw = torch.rand([6, 3, 32, 32], generator: generator);
        using var x = channelsLast ? ChannelsLast.From(raw) : raw.alias();
        var before = Snapshot(model);
        using var noGrad = torch.no_grad();
        using var expected = model.call(x);

        Tensor actual;
        using (BatchNormFolding.Fold(model))
        {
            Assert.All(model.modules().OfType<TorchSharp.Modules.Conv2d>(), c => Assert.NotNull(c.bias));
            if (channelsLast)
            {
                Assert.All(model.parameters().Where(p => p.dim() == 4), p => Assert.True(ChannelsLast.Is(p)));
            }

            actual = model.call(x);
        }

        using (actual)
        {
            // Logits of a trained-looking network: folded and unfolded differ by float rounding only.
            Assert.True(expected.allclose(actual, rtol: 1e-4, atol: 1e-4), $"largest difference {(expected - actual).abs().max().item<float>()}");
            Assert.False(expected.eq(actual).all().item<bool>(), "the fold changed nothing: were the batch norms folded at all?");
        }

        var after = Snapshot(model);
        Assert.Equal(before.Keys, after.Keys);
        foreach (var (name, value) in before)
        {
            Assert.True(value.eq(after[name]).all().item<bool>(), $"{name} differs after the fold was undone");
        }

        Assert.All(model.modules().OfType<TorchSharp.Modules.Conv2d>(), c => Assert.Null(c.bias));
    }

    [Fact]
    public void A_checkpoint_loads_after_the_fold_is_undone_and_training_refuses_a_folded_model()
    {
        using var model = Model("resnet18_2223");
        model.eval();
        var path = Path.Combine(Path.GetTempPath(), $"fold-{Guid.NewGuid():N}.pt");
        try
        {
            model.save(path);
            var fold = BatchNormFolding.Fold(model);
            Assert.Throws<InvalidOperationException>(() => BatchNormFolding.Fold(model));
            model.train();
            using (var x = torch.rand([2, 3, 32, 32]))
            {
                Assert.Throws<InvalidOperationException>(() => model.call(x));
            }

            model.eval();
            fold.Dispose();
            fold.Dispose();
            model.load(path);
            model.train();
            Assert.Throws<InvalidOperationException>(() => BatchNormFolding.Fold(model));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static ClassifierModel Model(string architecture)
    {
        torch.manual_seed(3);
        var config = new ModelConfig { Architecture = architecture, Width = 0.25, Pretrained = "none", InputSize = 32 };
        return ModelFactory.Create(config, 5, 3, Path.GetTempPath());
    }

    /// <summary>A few training-mode passes, so the running statistics are not the initial 0 and 1, and non-trivial affine parameters.</summary>
    private static void Train(ClassifierModel model)
    {
        model.train();
        using var generator = new Generator(4);
        using (torch.no_grad())
        {
            foreach (var norm in model.modules().OfType<Pipeline.Models.Normalization.ScalarSafeBatchNorm>())
            {
                norm.weight!.uniform_(0.5, 1.5, generator: generator);
                norm.bias!.uniform_(-0.2, 0.2, generator: generator);
            }

            for (int i = 0; i < 3; i++)
            {
                using var x = torch.rand([8, 3, 32, 32], generator: generator).mul_(2);
                using var y = model.call(x);
            }
        }
    }

    private static Dictionary<string, Tensor> Snapshot(ClassifierModel model) =>
        model.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().clone());
}

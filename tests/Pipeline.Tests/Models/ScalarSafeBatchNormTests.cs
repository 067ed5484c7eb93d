using Pipeline.Models.Normalization;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Pipeline.Tests.Models;

/// <summary>Our BatchNorm must be TorchSharp's, bit for bit, so swapping it in changed no checkpoint and no result.</summary>
public sealed class ScalarSafeBatchNormTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Matches_TorchSharps_BatchNorm_bit_for_bit_in_training_and_evaluation(int spatialDimensions)
    {
        using var ours = spatialDimensions == 2 ? ScalarSafeBatchNorm.For2d(4, 1e-3) : ScalarSafeBatchNorm.For1d(4, 1e-3);
        using nn.Module<Tensor, Tensor> theirs = spatialDimensions == 2 ? nn.BatchNorm2d(4, eps: 1e-3) : nn.BatchNorm1d(4, eps: 1e-3);
        Assert.Equal(theirs.state_dict().Keys, ours.state_dict().Keys);
        long[] shape = spatialDimensions == 2 ? [5, 4, 3, 3] : [5, 4];
        var generator = new Generator(7);

        ours.train();
        theirs.train();
        for (var step = 0; step < 3; step++)
        {
            using var x = torch.randn(shape, generator: generator);
            using var expected = theirs.call(x);
            using var actual = ours.call(x);
            Assert.True(expected.equal(actual).all().item<bool>(), $"training step {step}");
        }

        ours.eval();
        theirs.eval();
        using var evaluationInput = torch.randn(shape, generator: generator);
        using var evaluated = theirs.call(evaluationInput);
        using var ourEvaluation = ours.call(evaluationInput);
        Assert.True(evaluated.equal(ourEvaluation).all().item<bool>());

        var theirState = theirs.state_dict();
        foreach (var (name, value) in ours.state_dict())
        {
            Assert.True(theirState[name].equal(value).all().item<bool>(), name);
        }

        Assert.Equal(3L, ours.num_batches_tracked!.item<long>());
    }

    [Fact]
    public void Rejects_an_input_of_the_wrong_rank_as_TorchSharp_does()
    {
        using var norm2d = ScalarSafeBatchNorm.For2d(4);
        using var norm1d = ScalarSafeBatchNorm.For1d(4);
        using var flat = torch.zeros(2, 4);
        using var image = torch.zeros(2, 4, 3, 3);
        Assert.Throws<ArgumentException>(() => norm2d.call(flat));
        Assert.Throws<ArgumentException>(() => norm1d.call(image));
    }
}

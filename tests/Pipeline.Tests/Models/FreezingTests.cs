using Pipeline.Models;
using Pipeline.Models.Configuration;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Pipeline.Tests.Models;

[Collection(GlobalRandomStateCollection.Name)]
public sealed class FreezingTests
{
    [Fact]
    public void Frozen_backbone_keeps_weights_and_batch_norm_statistics_while_the_head_trains()
    {
        var config = new ModelConfig { Architecture = "tiny_cnn", Pretrained = "none", InputSize = 16 };
        using var model = ModelFactory.Create(config, 3, 1, AppContext.BaseDirectory);
        model.SetBackboneFrozen(true);
        model.train();
        Assert.False(model.Backbone.training);
        Assert.True(model.Head.training);

        var before = model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());
        var trainable = model.TrainableParameters();
        Assert.Equal(model.Head.parameters().Count(), trainable.Count);
        using var optimizer = optim.SGD(trainable, 0.5);
        using var x = torch.rand(4, 3, 16, 16, generator: new Generator(1));
        using var y = torch.tensor(new long[] { 0, 1, 2, 0 });
        for (var step = 0; step < 2; step++)
        {
            optimizer.zero_grad();
            using var loss = nn.functional.cross_entropy(model.call(x), y);
            loss.backward();
            optimizer.step();
        }

        var after = model.state_dict();
        Assert.All(after.Keys.Where(k => k.StartsWith("backbone.", StringComparison.Ordinal)), k => Assert.True(before[k].equal(after[k]).all().item<bool>(), k));
        Assert.Contains(after.Keys.Where(k => k.StartsWith("head.", StringComparison.Ordinal)), k => !before[k].equal(after[k]).all().item<bool>());
        Assert.All(model.Backbone.parameters(), p => Assert.Null(p.grad));

        model.SetBackboneFrozen(false);
        Assert.True(model.Backbone.training);
        Assert.Equal(model.parameters().Count(), model.TrainableParameters().Count);
    }
}

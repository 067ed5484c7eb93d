using Pipeline.Tests.Training;
using Pipeline.Training.Optimization;
using TorchSharp;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;

namespace Pipeline.Tests.Training.Optimization;

/// <summary>
/// The flat optimizers against TorchSharp's own Adam and SGD on the same tiny model and batch, and the
/// flat buffers' contract: parameters keep their values, gradients land in the flat buffer, state
/// round-trips, wrong state is refused, disposal detaches the gradients.
/// </summary>
[Collection(Pipeline.Tests.Training.TorchCollection.Name)]
public sealed class FlatOptimizerTests
{
    private const int Steps = 6;

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.05)]
    public void Flat_Adam_follows_the_Adam_of_TorchSharp(double weightDecay)
    {
        using var reference = TinyNet(1);
        using var flat = TinyNet(1);
        using var theirs = optim.Adam(reference.parameters(), 0.01, 0.9, 0.99, 1e-6, weightDecay);
        using var ours = new FlatAdam(flat.parameters().ToArray(), 0.01, 0.9, 0.99, 1e-6, weightDecay);
        TrainSideBySide(reference, theirs, flat, ours);

        AssertClose(reference, flat, 2e-5);
        AssertMoved(flat, TinyNet(1));
    }

    [Theory]
    [InlineData(0.0, 0.0, false)]
    [InlineData(0.9, 0.01, false)]
    [InlineData(0.9, 0.0, true)]
    public void Flat_SGD_follows_the_SGD_of_TorchSharp(double momentum, double weightDecay, bool nesterov)
    {
        using var reference = TinyNet(2);
        using var flat = TinyNet(2);
        using var theirs = optim.SGD(reference.parameters(), 0.05, momentum, 0, weightDecay, nesterov);
        using var ours = new FlatSgd(flat.parameters().ToArray(), 0.05, momentum, weightDecay, nesterov);
        TrainSideBySide(reference, theirs, flat, ours);

        AssertClose(reference, flat, 1e-6);
        AssertMoved(flat, TinyNet(2));
    }

    [Fact]
    public void Parameters_keep_their_values_and_their_gradients_land_in_the_flat_buffer()
    {
        using var net = TinyNet(3);
        var before = net.parameters().Select(p => p.detach().clone()).ToArray();
        var parameters = net.parameters().ToArray();
        using var flat = new FlatParameters(parameters);

        Assert.Equal(parameters.Sum(p => p.numel()), flat.Count);
        for (int i = 0; i < parameters.Length; i++)
        {
            Assert.True(Same.Tensors(parameters[i], before[i]), $"parameter {i} changed when it was flattened");
        }

        using (var scope = torch.NewDisposeScope())
        {
            Loss(net, 0).backward();
        }

        using var joined = torch.cat(parameters.Select(p => p.grad!.flatten()).ToArray());
        Assert.True(joined.abs().sum().item<float>() > 0, "no gradient reached the parameters");
        Assert.True(Same.Tensors(flat.Gradients, joined), "the backward pass did not accumulate into the flat gradient buffer");

        using (torch.no_grad())
        {
            flat.Values.add_(1f.ToScalar());
        }

        Assert.True(Same.Tensors(parameters[0], before[0] + 1), "the parameters are not views of the flat value buffer");
    }

    [Fact]
    public void Saved_state_resumes_bit_exactly()
    {
        using var straight = TinyNet(4);
        using var resumed = TinyNet(4);
        using var first = new FlatAdam(straight.parameters().ToArray(), 0.01, 0.9, 0.999, 1e-8, 0.01);
        for (int step = 0; step < 3; step++)
        {
            TrainOnce(straight, first.ZeroGrad, first.Step, step);
        }

        using var saved = new MemoryStream();
        using (var writer = new BinaryWriter(saved, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            first.Save(writer);
        }

        using (torch.no_grad())
        {
            foreach (var (target, source) in resumed.parameters().Zip(straight.parameters()))
            {
                target.copy_(source);
            }
        }

        using var second = new FlatAdam(resumed.parameters().ToArray(), 0.01, 0.9, 0.999, 1e-8, 0.01);
        saved.Position = 0;
        using (var reader = new BinaryReader(saved))
        {
            second.Load(reader);
        }

        for (int step = 3; step < 6; step++)
        {
            TrainOnce(straight, first.ZeroGrad, first.Step, step);
            TrainOnce(resumed, second.ZeroGrad, second.Step, step);
        }

        foreach (var (a, b) in straight.parameters().Zip(resumed.parameters()))
        {
            Assert.True(Same.Tensors(a, b), "a resumed run differs from an uninterrupted one");
        }
    }

    [Fact]
    public void State_of_another_model_is_refused()
    {
        using var small = nn.Linear(3, 2);
        using var net = TinyNet(5);
        using var other = new FlatSgd(small.parameters().ToArray(), 0.1, 0.9, 0, false);
        using var saved = new MemoryStream();
        using (var writer = new BinaryWriter(saved, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            other.Save(writer);
        }

        using var sgd = new FlatSgd(net.parameters().ToArray(), 0.1, 0.9, 0, false);
        saved.Position = 0;
        using var reader = new BinaryReader(saved);
        var error = Assert.Throws<InvalidDataException>(() => sgd.Load(reader));
        Assert.Equal($"optimizer state 'momentum_buffer' holds 8 values, the parameters being trained {net.parameters().Sum(p => p.numel())}: the state belongs to another model or phase", error.Message);

        using var adam = new FlatAdam(net.parameters().ToArray(), 0.1, 0.9, 0.999, 1e-8, 0);
        saved.Position = 0;
        using var again = new BinaryReader(saved);
        Assert.Equal("optimizer state is 'flat-sgd/1', expected 'flat-adam/1'", Assert.Throws<InvalidDataException>(() => adam.Load(again)).Message);
    }

    [Fact]
    public void Disposing_detaches_the_gradients()
    {
        using var net = TinyNet(6);
        var parameters = net.parameters().ToArray();
        var optimizer = new FlatAdam(parameters, 0.01, 0.9, 0.999, 1e-8, 0);
        Assert.All(parameters, p => Assert.NotNull(p.grad));
        optimizer.Dispose();
        Assert.All(parameters, p => Assert.Null(p.grad));
    }

    private static nn.Module<Tensor, Tensor> TinyNet(int seed)
    {
        using var generator = new Generator((ulong)seed);
        var net = nn.Sequential(nn.Linear(6, 16), nn.ReLU(), nn.Linear(16, 3));
        using (torch.no_grad())
        {
            foreach (var p in net.parameters())
            {
                p.copy_(torch.randn(p.shape, generator: generator).mul_(0.3f.ToScalar()));
            }
        }

        return net;
    }

    private static Tensor Loss(nn.Module<Tensor, Tensor> net, int step)
    {
        using var generator = new Generator((ulong)(100 + step));
        var x = torch.randn([8, 6], generator: generator);
        var y = torch.randint(0, 3, [8], generator: generator);
        return nn.functional.cross_entropy(net.call(x), y);
    }

    private static void TrainSideBySide(nn.Module<Tensor, Tensor> reference, optim.Optimizer theirs, nn.Module<Tensor, Tensor> flat, ITrainingOptimizer ours)
    {
        for (int step = 0; step < Steps; step++)
        {
            TrainOnce(reference, theirs.zero_grad, () => theirs.step(), step);
            TrainOnce(flat, ours.ZeroGrad, ours.Step, step);
        }
    }

    private static void TrainOnce(nn.Module<Tensor, Tensor> net, Action zeroGrad, Action step, int index)
    {
        using var scope = torch.NewDisposeScope();
        zeroGrad();
        Loss(net, index).backward();
        step();
    }

    private static void AssertClose(nn.Module<Tensor, Tensor> expected, nn.Module<Tensor, Tensor> actual, double tolerance)
    {
        foreach (var ((name, a), (_, b)) in expected.named_parameters().Zip(actual.named_parameters()))
        {
            var difference = (a - b).abs().max().item<float>();
            Assert.True(difference <= tolerance, $"{name}: largest difference {difference} > {tolerance}");
        }
    }

    private static void AssertMoved(nn.Module<Tensor, Tensor> trained, nn.Module<Tensor, Tensor> initial)
    {
        using (initial)
        {
            var moved = trained.parameters().Zip(initial.parameters()).Sum(pair => (pair.First - pair.Second).abs().sum().item<float>());
            Assert.True(moved > 1e-3, "the optimizer did not change the weights");
        }
    }
}

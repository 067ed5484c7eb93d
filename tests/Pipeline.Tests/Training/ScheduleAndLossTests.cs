using Pipeline.Foundation;
using Pipeline.Training;
using Pipeline.Training.Configuration;
using Pipeline.Training.Data;
using Pipeline.Training.Optimization;
using TorchSharp;
using Xunit;

namespace Pipeline.Tests.Training;

public sealed class ScheduleAndLossTests
{
    private static double[] Sequence(ScheduleConfig schedule, double lr, int epochs, int steps)
        => Enumerable.Range(0, epochs).SelectMany(e => Enumerable.Range(0, steps).Select(s => LearningRateSchedule.At(schedule, lr, epochs, steps, e, s))).ToArray();

    [Fact]
    public void Constant_step_and_cosine_schedules()
    {
        Assert.Equal([0.1, 0.1, 0.1], Sequence(new ScheduleConfig(), 0.1, 3, 1));
        Assert.Equal([1, 1, 0.5, 0.5, 0.25], Sequence(new ScheduleConfig { Kind = "step", StepSize = 2, Gamma = 0.5 }, 1, 5, 1));
        var cosine = Sequence(new ScheduleConfig { Kind = "cosine", MinLr = 0.1 }, 1.1, 1, 5);
        double[] expected = [1.1, 0.1 + 0.5 * (1 + Math.Cos(Math.PI / 4)), 0.6, 0.1 + 0.5 * (1 + Math.Cos(3 * Math.PI / 4)), 0.1];
        Assert.Equal(expected.Length, cosine.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], cosine[i], 12);
        }
    }

    [Fact]
    public void Warmup_is_linear_per_step_then_the_schedule_takes_over()
    {
        // Warm-up over 1 epoch of 4 steps, then cosine over the remaining 4 steps.
        var lr = Sequence(new ScheduleConfig { Kind = "cosine", WarmupEpochs = 1 }, 1.0, 2, 4);
        Assert.Equal([0.25, 0.5, 0.75, 1.0], lr[..4]);
        Assert.Equal(1.0, lr[4], 12);
        Assert.Equal(0.0, lr[7], 12);
        Assert.True(lr[5] < 1 && lr[6] < lr[5]);
    }

    [Fact]
    public void Label_smoothing_loss_on_a_known_case()
    {
        // p = softmax([ln 1, ln 3]) = [1/4, 3/4]; target with ε = 0.2 over 2 classes: [0.9, 0.1].
        using var logits = torch.tensor(new float[] { 0f, MathF.Log(3f) }).reshape(1, 2);
        using var label = torch.tensor(new long[] { 0 });
        using var smoothed = Losses.CrossEntropy(logits, label, 0.2);
        using var plain = Losses.CrossEntropy(logits, label);
        Assert.Equal(-(0.9 * Math.Log(0.25) + 0.1 * Math.Log(0.75)), smoothed.item<float>(), 5);
        Assert.Equal(Math.Log(4), plain.item<float>(), 5);
    }

    [Fact]
    public void Config_validation_names_the_key()
    {
        Assert.Contains(new OptimizerConfig { Lr = 0 }.Validate(), p => p.Key == "lr");
        Assert.Contains(new OptimizerConfig { Lr = -1e-3 }.Validate(), p => p.Key == "lr");
        Assert.Contains(new OptimizerConfig { Name = "adam", Nesterov = true }.Validate(), p => p.Key == "nesterov");
        Assert.Empty(new OptimizerConfig { Name = "sgd", Nesterov = true, Momentum = 0.9 }.Validate());
        Assert.Contains(new TrainConfig { Phases = [] }.Validate(), p => p.Key == "phases");
        Assert.Contains(new TrainConfig { Phases = [new PhaseConfig { Name = "a" }, new PhaseConfig { Name = "a" }] }.Validate(), p => p.Key == "phases");
        Assert.Contains(new PhaseConfig { Name = "bad/name" }.Validate(), p => p.Key == "name");
    }

    [Fact]
    public void Batch_plan_keeps_every_sample_and_never_leaves_a_single_image_batch()
    {
        Assert.Equal([(0, 8), (8, 8), (16, 8)], BatchPlan.Split(24, 8));
        Assert.Equal([(0, 8), (8, 9)], BatchPlan.Split(17, 8));
        Assert.Equal([(0, 8), (8, 2)], BatchPlan.Split(10, 8));
    }

    [Fact]
    public void Seeded_permutation_is_a_permutation_and_replays()
    {
        var a = SplitMix64.Permutation(100, SplitMix64.Derive(7, 3));
        Assert.Equal(Enumerable.Range(0, 100), a.Order());
        Assert.Equal(a, SplitMix64.Permutation(100, SplitMix64.Derive(7, 3)));
        Assert.NotEqual(a, SplitMix64.Permutation(100, SplitMix64.Derive(7, 4)));
        Assert.NotEqual(Enumerable.Range(0, 100), a);
    }
}

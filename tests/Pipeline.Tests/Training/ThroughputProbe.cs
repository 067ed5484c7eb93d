using Pipeline.Data.Shards;
using Pipeline.Models;
using Pipeline.Training;
using Xunit;
using Xunit.Abstractions;

namespace Pipeline.Tests.Training;

[Collection(TorchCollection.Name)]
public sealed class ThroughputProbe(ITestOutputHelper output)
{
    [Fact]
    public void Probe()
    {
        var dir = TempDirectory.Create("probe");
        int n = 128, size = 64;
        var pixels = new byte[n * 3 * size * size];
        new Random(1).NextBytes(pixels);
        var ids = Enumerable.Range(0, n).Select(i => $"i{i}").ToArray();
        var labels = Enumerable.Range(0, n).Select(i => i % 25).ToArray();
        var classes = Enumerable.Range(0, 25).Select(i => $"c{i}").ToArray();
        ShardWriter.Write(Path.Combine(dir, "t.shard"), classes, ids, labels, pixels, 3, size, size);
        using var train = Shard.Open(Path.Combine(dir, "t.shard"));
        TorchSharp.torch.set_num_threads(2);
        var modelConfig = new ModelConfig { Architecture = "resnet18_2223", Pretrained = "none" };
        for (int round = 0; round < 3; round++)
        {
            // A: a bare loop of the same steps; B: the trainer (prefetch, schedule, metrics, state files).
            using (var model = ModelFactory.Create(modelConfig, 25, 1, dir))
            {
                model.train();
                using var opt = Pipeline.Training.Optimization.OptimizerFactory.Create(new Pipeline.Training.Config.OptimizerConfig(), model.TrainableParameters());
                using var x = TorchSharp.torch.rand(32, 3, size, size);
                using var y = TorchSharp.torch.randint(0, 25, [32]);
                var clock = System.Diagnostics.Stopwatch.StartNew();
                for (int s = 0; s < 4; s++)
                {
                    using var scope = TorchSharp.torch.NewDisposeScope();
                    TrainStep.Run(model, opt, x, y, 0, () => "");
                }
                output.WriteLine($"round {round} bare loop: {128 / clock.Elapsed.TotalSeconds:F1} img/s");
            }
            var config = Runs.Config(Runs.Phase("p", 1)) with { BatchSize = 32, EvalBatchSize = 64 };
            var result = TrainRunner.Run(config, modelConfig, new Pipeline.Training.Data.TrainingData(train, train), Path.Combine(dir, $"r{round}"),
                Runs.Options() with { Augmenters = Pipeline.Augmentation.AugmentationPresets.BuiltIn.Create });
            output.WriteLine($"round {round} trainer: {result.Epochs[0].ImagesPerSecond:F1} img/s");
        }
        TempDirectory.Delete(dir);
    }
}

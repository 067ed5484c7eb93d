using System.Diagnostics;
using Pipeline.Benchmarks.Infrastructure;
using Pipeline.Inference;
using Pipeline.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Benchmarks.Figures;

/// <summary>
/// (d) test-time augmentation (the experiment's tta.yaml: its most aggressive version, its copies and
/// batch size) against the pure forward pass at the same images per forward call, interleaved.
/// The goal compares TTA's views per second with the forward pass's images per second.
/// </summary>
public static class TtaThroughput
{
    public static IReadOnlyList<Figure> Measure(WorkerContext context)
    {
        var experiment = context.Experiment;
        var tta = experiment.Tta;
        var version = tta.Versions.Where(v => v >= 0).DefaultIfEmpty(-1).Max();
        if (version < 0)
        {
            return [Figure.Missing("d", "TTA throughput", "img/s", "tta.yaml has no augmented version")];
        }

        var preset = tta.Presets[version];
        var augmenter = experiment.Presets.Create(preset);
        using var shard = context.OpenShard("val.shard");
        torch.manual_seed(1);
        using var model = ModelFactory.Create(experiment.Model(Pipeline.Stages.ModelNames.Resnet).Model, shard.Classes.Count, 1, context.PretrainedDirectory);
        model.eval();
        var views = new AugmentedViews(augmenter, tta.Copies, tta.IncludePlain, tta.IncludeFlips, tta.Seed, version, 1);
        int viewCount = views.ViewCount;
        int forwardBatch = tta.BatchSize * viewCount;

        double Forward()
        {
            var clock = Stopwatch.StartNew();
            for (int k = 0; k < viewCount; k++)
            {
                Predictor.Predict(model, shard, forwardBatch, torch.CPU);
            }

            return viewCount * (double)shard.Count / clock.Elapsed.TotalSeconds;
        }

        double Tta()
        {
            var clock = Stopwatch.StartNew();
            Predictor.Predict(model, shard, tta.BatchSize, torch.CPU, views);
            return shard.Count / clock.Elapsed.TotalSeconds;
        }

        double ViewsOnly()
        {
            using var scope = torch.NewDisposeScope();
            using var images = torch.rand([tta.BatchSize, shard.Channels, shard.Height, shard.Width]);
            int batches = (shard.Count + tta.BatchSize - 1) / tta.BatchSize;
            var clock = Stopwatch.StartNew();
            for (int b = 0; b < batches; b++)
            {
                using var inner = torch.NewDisposeScope();
                views.Views(images, b);
            }
            return batches * tta.BatchSize * (double)viewCount / clock.Elapsed.TotalSeconds;
        }

        Forward();
        Tta();
        var forward = new List<double>();
        var augmented = new List<double>();
        var making = new List<double>();
        for (int r = 0; r < context.Repeats; r++)
        {
            if (r % 2 == 0)
            {
                forward.Add(Forward());
                augmented.Add(Tta());
            }
            else
            {
                augmented.Add(Tta());
                forward.Add(Forward());
            }
            making.Add(ViewsOnly());
            context.Log.WriteLine($"repeat {r + 1}/{context.Repeats}: forward {forward[^1]:0.0} img/s, TTA {augmented[^1]:0.0} img/s ({augmented[^1] * viewCount:0.0} views/s), view making alone {making[^1]:0.0} views/s");
        }

        var what = $"{experiment.Model(Pipeline.Stages.ModelNames.Resnet).Model.Architecture} at {shard.Height} px, {viewCount} views, {tta.BatchSize} images × {viewCount} views = {forwardBatch} per forward, {context.Threads} threads";
        return
        [
            Figure.Of("d.forward", $"pure forward (eval, no_grad), {forwardBatch} images per call ({what})", "img/s", forward),
            Figure.Of("d", $"TTA version {version} ({preset}), original images per second ({what})", "img/s", augmented),
            Figure.Of("d/forward", $"TTA views per second over pure forward images per second (= TTA × {viewCount} / forward), per pair", "ratio",
                Stats.Ratios(augmented, forward, viewCount)).AtLeast(0.90),
            Figure.Of("d.views", $"diagnostic: making the {viewCount} views alone ({preset})", "views/s", making),
        ];
    }
}

using System.Diagnostics;
using System.Globalization;
using Pipeline.Benchmarks.Infrastructure;
using Pipeline.Data.Shards;
using Pipeline.Inference;
using Pipeline.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Benchmarks.Figures;

/// <summary>
/// The <c>infer</c> worker: our TTA path (the experiment's tta.yaml, its most aggressive version, its copies, through
/// <see cref="Predictor"/> as TtaRunner calls it: shard read, uint8 → float, the augmented copies, forward, softmax, mean)
/// at one or more numbers of test images per forward call, reported as forward images per second (copies × test
/// images / s), the unit of <c>benchmarks/torch_infer.py</c>. <see cref="WorkerOptions.MemoryFormatVariable"/> =
/// channels_last puts the weights and the views in channels_last, and first checks that the predictions match the
/// contiguous ones.
/// </summary>
public static class InferThroughput
{
    /// <summary>The forward batch the PyTorch comparison names first (PyTorch's usual inference batch).</summary>
    public const int ReferenceForwardBatch = 128;

    /// <summary>0: leave the batch norms unfolded (the Tta stage folds them; <see cref="BatchNormFolding"/>).</summary>
    public const string FoldVariable = "PIPELINE_BENCH_FOLD";

    /// <summary>Largest difference of a probability allowed between the two layouts (float32 rounding of reordered sums).</summary>
    public const double LayoutTolerance = 1e-4;

    public static IReadOnlyList<Figure> Measure(WorkerContext context)
    {
        var layout = WorkerOptions.MemoryFormat(Environment.GetEnvironmentVariable(WorkerOptions.MemoryFormatVariable));
        var requested = WorkerOptions.TtaImages(Environment.GetEnvironmentVariable(WorkerOptions.TtaImagesVariable));
        var experiment = context.Experiment;
        var tta = experiment.Tta;
        var version = tta.Versions.Where(v => v >= 0).DefaultIfEmpty(-1).Max();
        if (version < 0)
        {
            return [Figure.Missing("d.infer", "TTA inference throughput", "img/s", "tta.yaml has no augmented version")];
        }

        var preset = tta.Presets[version];
        using var shard = context.OpenShard("val.shard");
        torch.manual_seed(1);
        var modelConfig = experiment.Model(Pipeline.Stages.ModelNames.Resnet).Model;
        using var model = ModelFactory.Create(modelConfig, shard.Classes.Count, 1, context.PretrainedDirectory);
        model.eval();
        var views = new AugmentedViews(experiment.Presets.Create(preset), tta.Copies, tta.IncludePlain, tta.IncludeFlips, tta.Seed, version, 1);
        int viewCount = views.ViewCount;
        var perCall = requested ?? new[] { WorkerOptions.ImagesForForwardBatch(ReferenceForwardBatch, viewCount), tta.BatchSize }.Distinct().ToList();

        var figures = new List<Figure>();
        IViewMaker maker = views;
        if (layout == TensorLayout.ChannelsLast)
        {
            figures.Add(CheckLayout(context, model, shard, tta.BatchSize));
            maker = new ChannelsLastViews(views);
        }

        // As the Tta stage runs: batch norms folded into their convolutions; PIPELINE_BENCH_FOLD=0 keeps them (the lever off).
        bool fold = Environment.GetEnvironmentVariable(FoldVariable) != "0";
        using var folded = fold ? BatchNormFolding.Fold(model) : null;
        var what = $"{modelConfig.Architecture} at {shard.Height} px, TTA version {version} ({preset}), {viewCount} views per image, {LayoutName(layout)}, batch norms {(fold ? $"folded ({BatchNormFolding.PairCount(model)})" : "not folded")}, {context.Threads} threads, {shard.Count} val images";
        foreach (var images in perCall)
        {
            int forwardBatch = images * viewCount;
            double Run()
            {
                var clock = Stopwatch.StartNew();
                Predictor.Predict(model, shard, images, torch.CPU, maker);
                return viewCount * (double)shard.Count / clock.Elapsed.TotalSeconds;
            }

            Run();
            var samples = new List<double>();
            for (int r = 0; r < context.Repeats; r++)
            {
                samples.Add(Run());
            }

            context.Log.WriteLine($"TTA, {images} images x {viewCount} views = {forwardBatch} per forward call: {string.Join(", ", samples.Select(s => s.ToString("0.0", CultureInfo.InvariantCulture)))} forward img/s");
            figures.Add(Figure.Of($"d.infer.{forwardBatch}", $"TTA forward images per second (test images × views / s), {images} images × {viewCount} views = {forwardBatch} per forward call ({what})", "img/s", samples)
                with { Note = $"forward_batch={forwardBatch}; images_per_call={images}; views={viewCount}" });
            if (Environment.GetEnvironmentVariable(TrainThroughput.ProfileVariable) == "1")
            {
                figures.AddRange(Profile(context, model, shard, images, views, layout, forwardBatch));
            }
        }

        return figures;
    }

    /// <summary>
    /// PIPELINE_BENCH_PROFILE=1: <see cref="InferProfile"/> over the shard, once per repeat, each part in ms per forward
    /// call (d.infer.&lt;batch&gt;.augment, .layout, .forward, .rest, .total).
    /// </summary>
    private static IEnumerable<Figure> Profile(WorkerContext context, ClassifierModel model, Shard shard, int images, IViewMaker maker, TensorLayout layout, int forwardBatch)
    {
        var splits = new List<InferProfile.Split>();
        for (int r = 0; r < context.Repeats; r++)
        {
            splits.Add(InferProfile.Run(model, shard, images, maker, layout == TensorLayout.ChannelsLast));
        }

        var id = $"d.infer.{forwardBatch}";
        var parts = new (string Part, string What, Func<InferProfile.Split, double> Of)[]
        {
            ("augment", "the views: plain copy, flips, augmented copies", s => s.Augment),
            ("layout", "the copy of the views into channels_last (0 when contiguous)", s => s.Layout),
            ("forward", "the model's forward pass, normalisation included", s => s.Forward),
            ("rest", "shard read, uint8 to float, softmax, mean over views, copy out", s => s.Rest),
            ("total", "the whole Predictor call", s => s.Total),
        };
        foreach (var (part, what, of) in parts)
        {
            var samples = splits.Select(of).ToList();
            context.Log.WriteLine($"TTA profile, {forwardBatch} per forward call, {part}: {string.Join(", ", samples.Select(x => x.ToString("0.0", CultureInfo.InvariantCulture)))} ms per call");
            yield return Figure.Of($"{id}.{part}", $"TTA profile, {forwardBatch} per forward call ({LayoutName(layout)}): {what}", "ms", samples);
        }
    }

    private static string LayoutName(TensorLayout layout) => layout == TensorLayout.ChannelsLast ? "channels_last" : "contiguous";

    /// <summary>
    /// Plain predictions of the val shard with contiguous weights, then the weights put in channels_last and the same
    /// predictions with channels_last input: the largest difference of a probability must stay within
    /// <see cref="LayoutTolerance"/> and every arg-max must agree, or the worker stops. Leaves the model in channels_last.
    /// </summary>
    private static Figure CheckLayout(WorkerContext context, ClassifierModel model, Shard shard, int batchSize)
    {
        var contiguous = Predictor.Predict(model, shard, batchSize, torch.CPU);
        ChannelsLast.Apply(model);
        var channelsLast = Predictor.Predict(model, shard, batchSize, torch.CPU, new ChannelsLastViews(PlainViews.Instance));
        int classes = shard.Classes.Count;
        double largest = 0;
        int disagreements = 0;
        for (int i = 0; i < shard.Count; i++)
        {
            var a = contiguous.AsSpan(i * classes, classes);
            var b = channelsLast.AsSpan(i * classes, classes);
            for (int c = 0; c < classes; c++)
            {
                largest = Math.Max(largest, Math.Abs(a[c] - b[c]));
            }

            if (ArgMax(a) != ArgMax(b))
            {
                disagreements++;
            }
        }

        using (var probe = torch.rand(2, shard.Channels, shard.Height, shard.Width))
        using (var input = ChannelsLast.From(probe))
        using (var normalized = model.Normalize.call(input))
        {
            context.Log.WriteLine($"channels_last check: largest probability difference {largest:E2}, {disagreements} of {shard.Count} arg-max disagree; normalised input channels_last: {ChannelsLast.Is(normalized)}");
        }

        if (largest > LayoutTolerance || disagreements > 0)
        {
            throw new InvalidOperationException($"channels_last predictions differ from contiguous ones: largest probability difference {largest:E2} (allowed {LayoutTolerance:E0}), {disagreements} arg-max disagreements");
        }

        return Figure.Of("d.infer.layout", "channels_last against contiguous plain predictions of the val shard: largest difference of a probability", "abs", [largest]);
    }

    private static int ArgMax(ReadOnlySpan<float> row)
    {
        int best = 0;
        for (int c = 1; c < row.Length; c++)
        {
            if (row[c] > row[best])
            {
                best = c;
            }
        }

        return best;
    }
}

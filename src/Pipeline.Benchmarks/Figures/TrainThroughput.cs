using System.Diagnostics;
using Pipeline.Benchmarks.Infrastructure;
using Pipeline.Foundation;
using Pipeline.Models;
using Pipeline.Models.Backbones;
using Pipeline.Models.Configuration;
using Pipeline.Training;
using Pipeline.Training.Configuration;
using Pipeline.Training.Data;
using Pipeline.Training.Optimization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pipeline.Benchmarks.Figures;

/// <summary>
/// (a) the pure training step on one batch already in memory, and (b) the same step fed by the real data
/// path (shard → <see cref="EpochBatches"/> with the part-2 "aggressive" preset and its bounded prefetch),
/// measured interleaved in one process: a b a b …, each repeat <see cref="StepsPerRepeat"/> steps.
/// </summary>
public static class TrainThroughput
{
    /// <summary>Steps per timed repeat; <c>PIPELINE_BENCH_STEPS</c> overrides it (e.g. for a quick functional check).</summary>
    public static readonly int StepsPerRepeat = int.TryParse(Environment.GetEnvironmentVariable("PIPELINE_BENCH_STEPS"), out var steps) && steps > 0 ? steps : 16;
    public const string DataPreset = "aggressive_part2";
    public const string OneDnnVariable = "PIPELINE_BENCH_ONEDNN";

    /// <summary>PIPELINE_BENCH_PROFILE=1: the step worker also reports where a step's time goes (forward and loss, backward, optimizer).</summary>
    public const string ProfileVariable = "PIPELINE_BENCH_PROFILE";

    /// <summary>(a), (b), (b)/(a), and the diagnostics: (b) without prefetch and the data path alone.</summary>
    public static IReadOnlyList<Figure> Measure(WorkerContext context)
    {
        using var session = new Session(context);
        var a = new List<double>();
        var b = new List<double>();
        var serial = new List<double>();
        var data = new List<double>();
        var oneDnn = new List<double>();
        // The models switch oneDNN convolutions off for correctness; measuring the step with them on shows what that costs.
        bool compareOneDnn = ConvolutionKernels.OneDnnEnabled == false;
        session.Warm();
        if (compareOneDnn)
        {
            session.WithOneDnn(() => session.PureSteps(3));
        }

        for (int r = 0; r < context.Repeats; r++)
        {
            // Rotate the order so no variant always runs right after another.
            var order = (r % 3) switch
            {
                0 => "abso",
                1 => "bsoa",
                _ => "soab",
            };
            foreach (var variant in order.Where(v => v != 'o' || compareOneDnn))
            {
                switch (variant)
                {
                    case 'a':
                        a.Add(session.PureSteps(StepsPerRepeat));
                        break;
                    case 'b':
                        b.Add(session.DataPathSteps(StepsPerRepeat, r, session.PrefetchDepth));
                        break;
                    case 'o':
                        oneDnn.Add(session.WithOneDnn(() => session.PureSteps(StepsPerRepeat)));
                        break;
                    default:
                        serial.Add(session.DataPathSteps(StepsPerRepeat, r, 0));
                        break;
                }
            }
            data.Add(session.DataPathOnly(StepsPerRepeat, r));
            context.Log.WriteLine($"repeat {r + 1}/{context.Repeats}: a {a[^1]:0.0}, b {b[^1]:0.0}, b without prefetch {serial[^1]:0.0}, data path alone {data[^1]:0.0}{(compareOneDnn ? $", a with oneDNN {oneDnn[^1]:0.0}" : "")} img/s");
        }

        var what = $"{session.Describe()}, batch {session.BatchSize}, {context.Threads} threads";
        var figures = new List<Figure>
        {
            Figure.Of("a", $"pure training step, tensors in memory ({what}, oneDNN convolutions {(compareOneDnn ? "off" : "on")} as the stage runs it)", "img/s", a),
            Figure.Of("b", $"training through the real data path: shard, {DataPreset}, prefetch depth {session.PrefetchDepth} as the stage asks (EpochBatches prepares on the training thread when torch's threads fill every core) ({what})", "img/s", b),
            Figure.Of("b/a", "end-to-end over pure step, per interleaved pair", "ratio", Stats.Ratios(b, a)).AtLeast(0.90),
            Figure.Of("b0", "diagnostic: (b) with prefetch off (data path on the training thread)", "img/s", serial),
            Figure.Of("b.data", $"diagnostic: data path alone (shard read, uint8→float, {DataPreset}), no training", "img/s", data),
        };
        if (compareOneDnn)
        {
            figures.Add(Figure.Of("a.onednn", "diagnostic: (a) with libtorch's oneDNN convolutions switched back on (the models turn them off for correctness)", "img/s", oneDnn));
            figures.Add(Figure.Of("a/a.onednn", "cost of running without oneDNN convolutions: (a) over (a.onednn), per interleaved pair", "ratio", Stats.Ratios(a, oneDnn)));
        }
        return figures;
    }

    // Through the models' own switch, so its record of the current setting stays true: set behind its back, a
    // model's next forward pass could skip switching to the kernels that model needs.
    private static bool TrySetOneDnn(bool enabled)
    {
        ConvolutionKernels.Use(enabled);
        return ConvolutionKernels.OneDnnEnabled == enabled;
    }

    /// <summary>Only (a): the pure step as the stage process runs it (for the PyTorch comparison).</summary>
    public static IReadOnlyList<Figure> MeasureStepOnly(WorkerContext context)
    {
        // PIPELINE_BENCH_MEMORY_FORMAT=channels_last: weights and batch in channels_last (a lever being measured; training runs contiguous).
        var layout = WorkerOptions.MemoryFormat(Environment.GetEnvironmentVariable(WorkerOptions.MemoryFormatVariable));
        using var session = new Session(context, layout);
        // PIPELINE_BENCH_ONEDNN=1: the step with oneDNN convolutions on (a diagnostic; the models turn them off).
        bool oneDnn = Environment.GetEnvironmentVariable(OneDnnVariable) == "1" && TrySetOneDnn(true);
        session.Warm();
        var a = new List<double>();
        for (int r = 0; r < context.Repeats; r++)
        {
            a.Add(session.PureSteps(StepsPerRepeat));
        }

        context.Log.WriteLine($"pure step: {string.Join(", ", a.Select(x => x.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)))} img/s");
        var figures = new List<Figure> { Figure.Of("a", $"pure training step, tensors in memory ({session.Describe()}, batch {session.BatchSize}, {context.Threads} threads, {(layout == TensorLayout.ChannelsLast ? "channels_last" : "contiguous")}, oneDNN convolutions {(ConvolutionKernels.OneDnnEnabled == true ? "on" : "off")}{(oneDnn ? " (switched on for this run)" : "")})", "img/s", a) };
        if (Environment.GetEnvironmentVariable(ProfileVariable) == "1")
        {
            var (forward, backward, update) = (new List<double>(), new List<double>(), new List<double>());
            for (int r = 0; r < context.Repeats; r++)
            {
                var split = session.ProfiledSteps(StepsPerRepeat);
                forward.Add(split.Forward);
                backward.Add(split.Backward);
                update.Add(split.Optimizer);
            }

            figures.Add(Figure.Of("a.forward", "forward pass and loss per step (zero_grad, model, cross-entropy, loss.item)", "ms", forward));
            figures.Add(Figure.Of("a.backward", "loss.backward() per step", "ms", backward));
            figures.Add(Figure.Of("a.optimizer", "optimizer.step() per step (Adam)", "ms", update));
            // Managed-native crossings: how many tensors a step makes through TorchSharp (each one call into libtorch,
            // and one more to release it), and what one crossing costs alone (a tiny op, no work in it).
            figures.Add(Figure.Of("a.tensors", "tensors a training step creates through TorchSharp (forward, loss, backward, Adam): each one call into libtorch and one release", "count", [session.TensorsPerStep()]));
            var overhead = Enumerable.Range(0, context.Repeats).Select(_ => OpOverheadMicroseconds()).ToList();
            figures.Add(Figure.Of("a.op_us", "one tiny libtorch op through TorchSharp (add_ on a 1-element tensor): the fixed cost of a managed-native crossing", "us", overhead));
        }

        return figures;
    }

    /// <summary>Microseconds per call of <c>add_</c> on a 1-element tensor, over 20,000 calls after 2,000 untimed ones.</summary>
    internal static double OpOverheadMicroseconds()
    {
        const int calls = 20_000;
        using var t = torch.zeros(1);
        using var one = 1f.ToScalar();
        for (int i = 0; i < 2_000; i++)
        {
            t.add_(one, one);
        }

        var clock = Stopwatch.StartNew();
        for (int i = 0; i < calls; i++)
        {
            t.add_(one, one);
        }

        return clock.Elapsed.TotalMilliseconds * 1000 / calls;
    }

    /// <summary>The model, optimizer and data of one worker, set up as the Train stage sets them up.</summary>
    private sealed class Session : IDisposable
    {
        private readonly WorkerContext _context;
        private readonly Pipeline.Data.Shards.Shard _train;
        private readonly Pipeline.Data.Shards.Shard _validation;
        private readonly SampleTable _table;
        private readonly ClassifierModel _model;
        private readonly ITrainingOptimizer _optimizer;
        private readonly Pipeline.Augmentation.IAugmenter _augmenter;
        private readonly Tensor _images;
        private readonly Tensor _labels;
        private readonly long _seed;
        private readonly ModelConfig _modelConfig;

        public Session(WorkerContext context, TensorLayout layout = TensorLayout.Contiguous)
        {
            _context = context;
            var resnet = context.Experiment.Model(Pipeline.Stages.ModelNames.Resnet);
            _modelConfig = resnet.Model;
            _seed = resnet.Training.Seed;
            BatchSize = resnet.Training.BatchSize;
            _train = context.OpenShard("train.shard");
            _validation = context.OpenShard("val.shard");
            _table = new SampleTable(new TrainingData(_train, _validation), null, _seed);
            torch.manual_seed(_seed);
            _model = ModelFactory.Create(_modelConfig, _train.Classes.Count, _seed, context.PretrainedDirectory);
            _model.train();
            _model.SetBackboneFrozen(false);
            if (layout == TensorLayout.ChannelsLast)
            {
                // Before the optimizer: FlatParameters keeps each parameter's layout.
                ChannelsLast.Apply(_model);
            }

            // The default experiment's fine-tuning phases: Adam over every layer.
            _optimizer = OptimizerFactory.Create(new OptimizerConfig { Name = "adam", Lr = 3e-4 }, _model.TrainableParameters());
            _augmenter = context.Experiment.Presets.Create(DataPreset);

            var buffer = new byte[BatchSize * _table.ImageBytes];
            var first = Enumerable.Range(0, BatchSize).ToArray();
            _table.CopyImages(first, buffer);
            var shape = _table.ImageShape;
            using (var raw = torch.tensor(buffer, [BatchSize, shape[0], shape[1], shape[2]]))
            {
                _images = raw.to_type(ScalarType.Float32).div_(Pipeline.Runtime.ScalarConstants.Float255);
            }

            if (layout == TensorLayout.ChannelsLast)
            {
                using var contiguous = _images;
                _images = ChannelsLast.From(contiguous);
            }

            _labels = torch.tensor(first.Select(i => (long)_table.Label(i)).ToArray());
        }

        public int BatchSize { get; }

        public int PrefetchDepth { get; } = new TrainOptions { Augmenters = _ => throw new InvalidOperationException() }.PrefetchDepth;

        public string Describe() => $"{_modelConfig.Architecture} at {_train.Height} px, {_modelConfig.Pretrained} weights";

        /// <summary>Runs <paramref name="measure"/> with oneDNN convolutions on, then restores the switch.</summary>
        public double WithOneDnn(Func<double> measure)
        {
            var before = ConvolutionKernels.OneDnnEnabled ?? false;
            TrySetOneDnn(true);
            try
            {
                return measure();
            }
            finally
            {
                TrySetOneDnn(before);
            }
        }

        public void Warm()
        {
            PureSteps(3);
            DataPathSteps(3, -1, PrefetchDepth);
            DataPathSteps(2, -2, 0);
            DataPathOnly(2, -3);
        }

        /// <summary>Images per second of <paramref name="steps"/> steps on the batch in memory.</summary>
        public double PureSteps(int steps)
        {
            var clock = Stopwatch.StartNew();
            for (int s = 0; s < steps; s++)
            {
                Step(_images, _labels);
            }

            return steps * BatchSize / clock.Elapsed.TotalSeconds;
        }

        /// <summary>Milliseconds per step in each part of <see cref="TrainStep.Run"/>'s work, timed apart (CPU work is synchronous).</summary>
        public (double Forward, double Backward, double Optimizer) ProfiledSteps(int steps)
        {
            double forward = 0, backward = 0, update = 0;
            for (int s = 0; s < steps; s++)
            {
                using var scope = torch.NewDisposeScope();
                var clock = Stopwatch.StartNew();
                _optimizer.ZeroGrad();
                var loss = Pipeline.Training.Optimization.Losses.CrossEntropy(_model.call(_images), _labels, 0);
                loss.item<float>();
                forward += clock.Elapsed.TotalMilliseconds;
                clock.Restart();
                loss.backward();
                backward += clock.Elapsed.TotalMilliseconds;
                clock.Restart();
                _optimizer.Step();
                update += clock.Elapsed.TotalMilliseconds;
            }

            return (forward / steps, backward / steps, update / steps);
        }

        /// <summary>Tensors one training step creates through TorchSharp: its dispose-scope statistics (tensors made in and outside scopes), before and after.</summary>
        public double TensorsPerStep()
        {
            using var scope = torch.NewDisposeScope();
            var statistics = DisposeScopeManager.Statistics.TensorStatistics;
            long Made() => statistics.CreatedInScopeCount + statistics.CreatedOutsideScopeCount;
            long before = Made();
            _optimizer.ZeroGrad();
            var loss = Pipeline.Training.Optimization.Losses.CrossEntropy(_model.call(_images), _labels, 0);
            loss.item<float>();
            loss.backward();
            _optimizer.Step();
            return Made() - before;
        }

        /// <summary>Images per second of <paramref name="steps"/> steps fed by <see cref="EpochBatches"/>, as a training epoch runs them.</summary>
        public double DataPathSteps(int steps, int epoch, int depth)
        {
            var clock = Stopwatch.StartNew();
            int images = 0;
            using (var batches = new EpochBatches(_table, Order(steps, epoch), BatchSize, _augmenter, _seed, epoch, torch.CPU, depth))
            {
                foreach (var batch in batches.Read(CancellationToken.None))
                {
                    using (batch)
                    {
                        Step(batch.Images, batch.Labels);
                        images += batch.Count;
                    }
                }
            }
            return images / clock.Elapsed.TotalSeconds;
        }

        /// <summary>Images per second of the data path with no training step: what prefetching has to hide.</summary>
        public double DataPathOnly(int steps, int epoch)
        {
            var clock = Stopwatch.StartNew();
            int images = 0;
            using (var batches = new EpochBatches(_table, Order(steps, epoch), BatchSize, _augmenter, _seed, epoch, torch.CPU, 0))
            {
                foreach (var batch in batches.Read(CancellationToken.None))
                {
                    images += batch.Count;
                    batch.Dispose();
                }
            }
            return images / clock.Elapsed.TotalSeconds;
        }

        private int[] Order(int steps, int epoch) =>
            SplitMix64.Permutation(_table.Count, SplitMix64.Derive(_seed, epoch, -4)).Take(Math.Min(_table.Count, steps * BatchSize)).ToArray();

        private void Step(Tensor images, Tensor labels)
        {
            using var scope = torch.NewDisposeScope();
            TrainStep.Run(_model, _optimizer, images, labels, 0, () => "benchmark");
        }

        public void Dispose()
        {
            _images.Dispose();
            _labels.Dispose();
            _optimizer.Dispose();
            _model.Dispose();
            _validation.Dispose();
            _train.Dispose();
        }
    }
}

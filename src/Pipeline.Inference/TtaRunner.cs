using System.Text.Json;
using Pipeline.Data.Shards;
using Pipeline.Ensembling.Predictions;
using Pipeline.Foundation;
using Pipeline.Inference.Configuration;
using Pipeline.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Inference;

/// <summary>
/// The Tta stage of one model: for each selected checkpoint and TTA version, class probabilities on
/// the validation and the test shard, written as
/// <c>predictions/&lt;model&gt;__&lt;checkpoint&gt;__tta&lt;v&gt;.&lt;split&gt;.pred</c> (v = -1 is the plain
/// prediction), plus <c>tta.json</c> listing every file with its validation accuracy.
/// </summary>
public static class TtaRunner
{
    public const string ValidationSplit = "val";
    public const string TestSplit = "test";

    public static IReadOnlyList<TtaOutput> Run(TtaConfig config, TtaModel model, Shard validation, Shard test, string outputDirectory, TtaOptions options)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(validation);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(options);
        if (!validation.Classes.SequenceEqual(test.Classes))
        {
            throw new InvalidDataException($"{test.FilePath}: its class list differs from {validation.FilePath}'s");
        }

        var checkpoints = CheckpointSelection.Select(config, model.Checkpoints, model.Name);
        if (checkpoints.Count == 0)
        {
            throw new InvalidOperationException($"tta: model '{model.Name}' has no checkpoints to predict with");
        }

        var augmenters = config.Versions.Where(v => v >= 0).ToDictionary(v => v, v => options.Augmenters(config.Presets[v]));
        foreach (var version in config.Versions)
        {
            options.Log.WriteLine(version < 0
                ? $"tta{version}: the plain image"
                : $"tta{version}: preset {config.Presets[version]}, {config.ViewCount(version)} views per image");
        }

        var predictions = Path.Combine(outputDirectory, "predictions");
        // Tta does not resume: a killed attempt may have left files here (a prediction's temporary file cut off
        // mid-write), and the work folder is reused, so start empty or they would be committed with this run.
        if (Directory.Exists(predictions))
        {
            Directory.Delete(predictions, recursive: true);
        }

        Directory.CreateDirectory(predictions);

        using var network = ModelFactory.Create(model.Config, validation.Classes.Count, config.Seed, options.PretrainedDirectory);
        network.to(options.Device);
        // On the CPU the forward passes run in channels_last (NHWC), weights and every batch of views: 11-12% more
        // images per second than the contiguous layout, 0.98 of PyTorch's best inference instead of 0.85
        // (benchmarks/README.md, 2026-12-05); the probabilities move by about 1e-6.
        var channelsLast = options.Device.type == DeviceType.CPU;
        options.Log.WriteLine($"tta: forward passes in the {(channelsLast ? "channels_last" : "contiguous")} layout");
        // Each batch norm folded into its convolution (BatchNormFolding): one convolution with a bias instead of a
        // convolution and a norm, 0.8-2.2% more forward images per second (benchmarks/README.md, 2026-12-05).
        options.Log.WriteLine($"tta: {BatchNormFolding.PairCount(network)} batch norms folded into their convolutions");
        var outputs = new List<TtaOutput>();
        var total = checkpoints.Count * config.Versions.Count * 2;
        options.Progress?.Invoke(new TtaStep(0, total, null, null));
        foreach (var checkpoint in checkpoints)
        {
            if (!File.Exists(checkpoint.Path))
            {
                throw new FileNotFoundException($"tta: checkpoint '{checkpoint.Name}' of model '{model.Name}' is missing: {checkpoint.Path}", checkpoint.Path);
            }

            if (channelsLast)
            {
                // Module.load reads only into contiguous tensors: back to contiguous, load, then channels_last again.
                ChannelsLast.Undo(network);
            }

            network.load(checkpoint.Path);
            if (channelsLast)
            {
                ChannelsLast.Apply(network);
            }

            network.eval();
            // Undone at the end of the checkpoint: the next one loads into the unfolded network.
            using var fold = BatchNormFolding.Fold(network);

            foreach (var version in config.VersionsOf(checkpoint.Name))
            {
                foreach (var (split, splitCode, shard) in new[] { (ValidationSplit, 0, validation), (TestSplit, 1, test) })
                {
                    IViewMaker views = version < 0
                        ? PlainViews.Instance
                        : new AugmentedViews(augmenters[version], config.Copies, config.IncludePlain, config.IncludeFlips, config.Seed, version, splitCode);
                    if (channelsLast)
                    {
                        views = new ChannelsLastViews(views);
                    }

                    var clock = System.Diagnostics.Stopwatch.StartNew();
                    var probabilities = Predictor.Predict(network, shard, config.BatchSize, options.Device, views, options.Cancellation);
                    var seconds = clock.Elapsed.TotalSeconds;
                    var name = $"{model.Name}__{checkpoint.Name}__tta{version}.{split}.pred";
                    PredictionFile.Write(Path.Combine(predictions, name),
                        new PredictionSet(model.Name, checkpoint.Name, version, split, shard.Ids, shard.Classes, probabilities, shard.Labels));
                    var accuracy = Predictor.Accuracy(probabilities, shard.Labels, shard.Classes.Count);
                    outputs.Add(new TtaOutput($"predictions/{name}", model.Name, checkpoint.Name, version, split, accuracy));
                    options.Log.WriteLine(accuracy is double a
                        ? $"{name}: accuracy {a:P2}"
                        : $"{name}: {shard.Count} images");
                    options.Progress?.Invoke(new TtaStep(outputs.Count, total, name, seconds > 0 ? shard.Count / seconds : null));
                }
            }
        }

        var summary = JsonSerializer.Serialize(new { model = model.Name, config, predictions = outputs }, new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            WriteIndented = true,
        });
        AtomicFile.WriteAllText(Path.Combine(outputDirectory, "tta.json"), summary);
        return outputs;
    }
}

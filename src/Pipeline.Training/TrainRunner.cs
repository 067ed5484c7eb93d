using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Pipeline.Augmentation;
using Pipeline.Foundation;
using Pipeline.Models;
using Pipeline.Models.Configuration;
using Pipeline.Training.Checkpoints;
using Pipeline.Training.Configuration;
using Pipeline.Training.Data;
using Pipeline.Training.Metrics;
using Pipeline.Training.Optimization;
using Pipeline.Training.Progress;
using Pipeline.Training.State;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pipeline.Training;

/// <summary>
/// Runs the training stage: the phases of a <see cref="TrainConfig"/> on a model built from a
/// <see cref="ModelConfig"/>, writing into one output folder
/// <list type="bullet">
/// <item><c>checkpoints/&lt;phase&gt;_e&lt;epoch&gt;.pt</c> and <c>checkpoints/manifest.json</c> (phase ends with save_checkpoint, the last K epochs, and always the final epoch),</item>
/// <item><c>metrics.jsonl</c> (one line per epoch), <c>metrics.json</c> (headline: the final checkpoint's validation accuracy), <c>model.json</c>,</item>
/// <item><c>state/</c> (resume state after every epoch).</item>
/// </list>
/// When the folder holds resume state of the same configuration (a killed run), training continues
/// after the last finished epoch and ends with the weights an uninterrupted run would have, bit for
/// bit on CPU with the same thread count.
/// </summary>
public static class TrainRunner
{
    public static TrainResult Run(TrainConfig config, ModelConfig modelConfig, TrainingData data, string outputDirectory, TrainOptions options)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(modelConfig);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        CheckData(data);
        Directory.CreateDirectory(outputDirectory);
        var writer = options.FileWriter;
        var table = new SampleTable(data, config.MaxTrainImages, config.Seed);
        if (table.Count < 2)
        {
            throw new InvalidDataException($"{data.Train.FilePath}: training needs at least 2 images, there are {table.Count}");
        }

        // Resolve every preset before any work, so a misspelt name fails at once.
        var augmenters = config.Phases.Select(p => p.Augment).Distinct(StringComparer.Ordinal)
            .ToDictionary(name => name, options.Augmenters, StringComparer.Ordinal);

        var resume = new ResumeStore(outputDirectory, writer);
        var fingerprint = Fingerprint(config, modelConfig, table, data);
        var state = resume.Load();
        if (state is not null && state.Fingerprint != fingerprint)
        {
            options.Log.WriteLine($"{resume.Directory}: resume state belongs to another configuration; starting over");
            resume.Clear();
            state = null;
        }
        int completed = state?.CompletedEpochs ?? 0;
        var checkpoints = new CheckpointStore(outputDirectory, writer, completed);
        var metrics = new MetricsLog(outputDirectory, writer, completed);
        writer.WriteAllText(Path.Combine(outputDirectory, ModelDescriptionFile.FileName), "model description",
            new ModelDescriptionFile(modelConfig, data.Train.Classes).ToJson());

        int total = config.TotalEpochs;
        if (state is { Finished: false })
        {
            options.Log.WriteLine($"resuming after epoch {completed} of {total}");
        }
        else if (state is { Finished: true })
        {
            options.Log.WriteLine($"all {total} epochs were trained by an earlier attempt that ended before its commit ({resume.Directory}); writing the outputs");
        }

        if (state is not { Finished: true })
        {
            torch.manual_seed(SplitMix64.DeriveSigned(config.Seed, -2));
            using var model = ModelFactory.Create(modelConfig, data.Train.Classes.Count, config.Seed, options.PretrainedDirectory);
            if (model.PretrainedWeights is { } pretrained)
            {
                options.Log.WriteLine(pretrained);
            }

            model.to(options.Device);
            if (state is not null)
            {
                resume.LoadModel(state, model);
            }

            var run = new RunContext(config, model, table, data, augmenters, options, checkpoints, metrics, resume, fingerprint, state);
            ITrainingProgress Observed(ITrainingProgress display) => options.Observer is { } observer ? new TeeTrainingProgress(display, observer) : display;
            if (options.UseProgressBar)
            {
                SpectreTrainingProgress.Run(total, completed, display => run.Train(Observed(display)));
            }
            else
            {
                run.Train(Observed(new PlainTrainingProgress(options.Log)));
            }

            resume.MarkFinished(new ResumeState(fingerprint, total, config.Phases.Count - 1, config.Phases[^1].Epochs, null, null, true));
        }

        WriteSummary(outputDirectory, writer, checkpoints.Entries, metrics.Epochs);
        return new TrainResult(checkpoints.Entries.ToList(), metrics.Epochs.ToList(), completed);
    }

    private static void CheckData(TrainingData data)
    {
        var (t, v) = (data.Train, data.Validation);
        if (!t.Classes.SequenceEqual(v.Classes))
        {
            throw new InvalidDataException($"{v.FilePath}: its class list differs from {t.FilePath}'s");
        }

        if (t.Channels != 3 || v.Channels != 3)
        {
            throw new InvalidDataException($"{t.FilePath}: models take RGB images (3 channels)");
        }

        if (t.Height != v.Height || t.Width != v.Width)
        {
            throw new InvalidDataException($"{v.FilePath}: images are {v.Height}×{v.Width}, training images {t.Height}×{t.Width}");
        }
    }

    private static string Fingerprint(TrainConfig config, ModelConfig modelConfig, SampleTable table, TrainingData data)
    {
        var text = JsonSerializer.Serialize(new
        {
            train = config,
            model = modelConfig,
            samples = table.Count,
            validation = data.Validation.Count,
            shape = table.ImageShape,
        }, TrainingJson.Options);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    private static void WriteSummary(string outputDirectory, AtomicFileWriter writer, IReadOnlyList<CheckpointEntry> checkpoints, IReadOnlyList<EpochMetrics> epochs)
    {
        var final = checkpoints.Count > 0 ? checkpoints[^1] : null;
        // Without a validation split there is no best epoch or checkpoint: both stay null.
        var best = epochs.Where(e => e.ValAcc is not null).OrderByDescending(e => e.ValAcc).ThenBy(e => e.Epoch).FirstOrDefault();
        var bestCheckpoint = checkpoints.Where(c => c.ValAccuracy is not null).OrderByDescending(c => c.ValAccuracy).ThenBy(c => c.Epoch).FirstOrDefault();
        var summary = new
        {
            headline = new { name = "val_accuracy", value = final?.ValAccuracy ?? best?.ValAcc },
            final_checkpoint = final,
            best_epoch = best,
            best_checkpoint = bestCheckpoint,
            epochs = epochs.Count,
        };
        writer.WriteAllText(Path.Combine(outputDirectory, "metrics.json"), "metrics", JsonSerializer.Serialize(summary, TrainingJson.Indented));
    }

    /// <summary>The loop over phases and epochs, with everything it needs.</summary>
    private sealed class RunContext(
        TrainConfig config,
        ClassifierModel model,
        SampleTable table,
        TrainingData data,
        IReadOnlyDictionary<string, IAugmenter> augmenters,
        TrainOptions options,
        CheckpointStore checkpoints,
        MetricsLog metrics,
        ResumeStore resume,
        string fingerprint,
        ResumeState? state)
    {
        public void Train(ITrainingProgress progress)
        {
            int total = config.TotalEpochs;
            int completed = state?.CompletedEpochs ?? 0;
            int before = 0;
            for (int p = 0; p < config.Phases.Count; p++)
            {
                var phase = config.Phases[p];
                if (before + phase.Epochs <= completed)
                {
                    before += phase.Epochs;
                    continue;
                }
                bool frozen = phase.TrainLayers == "head";
                model.SetBackboneFrozen(frozen);
                var trainable = model.TrainableParameters();
                using var optimizer = OptimizerFactory.Create(phase.Optimizer, trainable);
                int start = Math.Max(0, completed - before);
                if (start > 0)
                {
                    resume.LoadOptimizer(state!, optimizer);
                }

                for (int e = start; e < phase.Epochs; e++)
                {
                    int epoch = before + e + 1;
                    var m = RunEpoch(progress, optimizer, phase, frozen, epoch, e);
                    var reasons = new List<string>();
                    if (e == phase.Epochs - 1 && phase.SaveCheckpoint)
                    {
                        reasons.Add("phase_end");
                    }

                    if (epoch > total - config.Checkpoints.LastK)
                    {
                        reasons.Add("last_k");
                    }

                    if (epoch == total)
                    {
                        reasons.Add("final");
                    }

                    if (reasons.Count > 0)
                    {
                        checkpoints.Save(model, phase.Name, epoch, m.ValLoss, m.ValAcc, reasons);
                    }

                    metrics.Append(m);
                    resume.Save(new ResumeState(fingerprint, epoch, p, e + 1, null, null, false), model, optimizer);
                    // A full collection per epoch (tens of milliseconds against seconds of training): without it the
                    // managed heap grew by ~17 MiB an epoch (TorchSharp's per-operation wrapper objects reach gen 2)
                    // until the runtime chose to collect, and the process's peak memory with it (docs/performance.md, figure g).
                    GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
                    progress.EpochCompleted(m, total);
                    options.EpochCompleted?.Invoke(m);
                }
                before += phase.Epochs;
            }
        }

        private EpochMetrics RunEpoch(ITrainingProgress progress, ITrainingOptimizer optimizer, PhaseConfig phase, bool frozen, int epoch, int epochInPhase)
        {
            var clock = Stopwatch.StartNew();
            using var epochScope = torch.NewDisposeScope();
            model.train();
            // train() would put a frozen backbone's batch norm back into training mode.
            model.SetBackboneFrozen(frozen);
            // Dropout draws from the global generator: seeding it per epoch makes a resumed epoch draw what the uninterrupted one drew.
            torch.manual_seed(SplitMix64.DeriveSigned(config.Seed, epoch, -3));
            var order = SplitMix64.Permutation(table.Count, SplitMix64.Derive(config.Seed, epoch, -4));
            using var batches = new EpochBatches(table, order, config.BatchSize, augmenters[phase.Augment], config.Seed, epoch, options.Device, options.PrefetchDepth, options.Cores, phase.InputSize);
            progress.EpochStarted(epoch, config.TotalEpochs, phase.Name, batches.Count);

            double lossSum = 0, lr = 0;
            long correct = 0, seen = 0;
            foreach (var batch in batches.Read(options.Cancellation))
            {
                using (batch)
                using (torch.NewDisposeScope())
                {
                    lr = LearningRateSchedule.At(phase.Schedule, phase.Optimizer.Lr, phase.Epochs, batches.Count, epochInPhase, batch.Index);
                    optimizer.LearningRate = lr;
                    int step = batch.Index + 1;
                    double stepLr = lr;
                    var mix = phase.Mix is { } mixing ? BatchMixer.Mix(mixing, batch.Images, batch.Labels, config.Seed, epoch, batch.Index) : null;
                    var (loss, right) = TrainStep.Run(model, optimizer, batch.Images, batch.Labels, config.LabelSmoothing,
                        () => string.Create(CultureInfo.InvariantCulture,
                            $"phase '{phase.Name}', epoch {epoch} (epoch {epochInPhase + 1} of the phase), step {step} of {batches.Count}, learning rate {stepLr:G4}"),
                        mix);
                    lossSum += loss * batch.Count;
                    correct += right;
                    seen += batch.Count;
                    progress.StepCompleted(step, loss, lr);
                }
            }
            double trainSeconds = clock.Elapsed.TotalSeconds;
            // Without a validation split (validation.fraction: 0, as the 2017 team trained) there is nothing to score: checkpoints come from the schedule alone.
            var (valLoss, valAcc) = data.Validation.Count == 0
                ? ((double?)null, (double?)null)
                : Evaluator.Evaluate(model, data.Validation, config.EvalBatchSize, options.Device);
            return new EpochMetrics(epoch, phase.Name, epochInPhase + 1, lossSum / seen, (double)correct / seen, valLoss, valAcc, lr,
                clock.Elapsed.TotalSeconds, seen / Math.Max(trainSeconds, 1e-9));
        }
    }
}

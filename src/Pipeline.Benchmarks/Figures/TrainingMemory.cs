using System.Diagnostics;
using System.Text.Json;
using Pipeline.Benchmarks.Infrastructure;

namespace Pipeline.Benchmarks.Figures;

/// <summary>
/// (g) resident memory of a real training stage process (the engine starts it, as in a build): its high-water
/// mark (VmHWM) and its resident size at the end of every epoch, read from /proc while it runs. The run is the
/// experiment's ResNet trained for one phase of <see cref="Epochs"/> epochs with the part-2 "aggressive"
/// preset, so every epoch does the same work and memory after the first must stay flat. Once with the tuned
/// allocator the stage processes get by default, once with glibc's defaults.
/// </summary>
public static class TrainingMemory
{
    /// <summary>Epochs of the measured run; <c>PIPELINE_BENCH_MEMORY_EPOCHS</c> overrides it (a longer run shows whether growth levels off).</summary>
    public static readonly int Epochs = int.TryParse(Environment.GetEnvironmentVariable("PIPELINE_BENCH_MEMORY_EPOCHS"), out var epochs) && epochs >= 2 ? epochs : 5;
    private const double Mebibyte = 1 << 20;

    public static IReadOnlyList<Figure> Measure(BenchContext context, string artifacts)
    {
        var figures = new List<Figure>();
        foreach (var tuned in new[] { true, false })
        {
            figures.AddRange(MeasureOne(context, artifacts, tuned));
        }

        return figures;
    }

    private static IReadOnlyList<Figure> MeasureOne(BenchContext context, string artifacts, bool tunedAllocator)
    {
        var variant = tunedAllocator ? "tuned" : "glibc";
        var experiment = WriteExperiment(context, variant, tunedAllocator);
        var log = Path.Combine(artifacts, "logs", "TrainResnet.log");
        var epochs = new List<(int Epoch, double Seconds, long Rss, long Peak)>();
        var timeline = new List<(double Seconds, long Rss, long Peak)>();
        long peak = 0;
        void Watch(Process process)
        {
            var clock = Stopwatch.StartNew();
            int? stage = null;
            var nextTimeline = 0.0;
            while (!process.HasExited)
            {
                stage ??= FindTrainStage(process.Id);
                if (stage is int pid && ProcStatus.Memory(pid) is var (rss, hwm))
                {
                    peak = Math.Max(peak, hwm);
                    var seconds = clock.Elapsed.TotalSeconds;
                    if (seconds >= nextTimeline)
                    {
                        timeline.Add((seconds, rss, hwm));
                        nextTimeline = seconds + 0.5;
                    }
                    int done = EpochsLogged(log);
                    while (epochs.Count < done)
                    {
                        epochs.Add((epochs.Count + 1, seconds, rss, hwm));
                    }
                }
                Thread.Sleep(50);
            }
        }

        var outcome = context.RunEntry($"memory-{variant}", ["TrainResnet", "--force", "TrainResnet", .. context.CommonArguments(artifacts, experiment)],
            whileRunning: Watch);
        BenchJson.Write(Path.Combine(context.OutputDirectory, $"memory-{variant}.timeline.json"),
            new { epochs = epochs.Select(e => new { e.Epoch, e.Seconds, rss_mib = e.Rss / Mebibyte, peak_mib = e.Peak / Mebibyte }),
                timeline = timeline.Select(t => new { t.Seconds, rss_mib = t.Rss / Mebibyte, peak_mib = t.Peak / Mebibyte }) });
        var allocator = tunedAllocator ? "tuned allocator (the default)" : "glibc's default allocator (runtime.tuned_allocator: false)";
        if (outcome.ExitCode != 0 || epochs.Count < 2)
        {
            var why = outcome.ExitCode != 0 ? $"the training run failed (exit code {outcome.ExitCode})" : $"only {epochs.Count} epoch(s) observed";
            return [Figure.Missing($"g.{variant}", $"peak RSS of a training stage process, {allocator}", "MiB", $"{why}; see {outcome.LogPath}")];
        }

        var first = epochs[0];
        var last = epochs[^1];
        var rssGrowth = 100.0 * (last.Rss - first.Rss) / first.Rss;
        var peakGrowth = 100.0 * (last.Peak - first.Peak) / first.Peak;
        var what = $"{context.Experiment.Model(Pipeline.Stages.ModelNames.Resnet).Model.Architecture}, {Epochs} epochs of aggressive_part2, {allocator}";
        return
        [
            Figure.Of($"g.{variant}", $"peak RSS (VmHWM) of the training stage process ({what})", "MiB", [peak / Mebibyte]),
            Figure.Of($"g.{variant}.epochs", "RSS at the end of each epoch (samples in epoch order)", "MiB", epochs.Select(e => e.Rss / Mebibyte).ToList()),
            Figure.Of($"g.{variant}.growth", $"RSS growth from the end of epoch 1 to the end of epoch {last.Epoch}", "%", [rssGrowth]).AtMost(5, "0"),
            Figure.Of($"g.{variant}.peak_growth", $"VmHWM growth from the end of epoch 1 to the end of epoch {last.Epoch}", "%", [peakGrowth]).AtMost(5, "0"),
        ];
    }

    /// <summary>The experiment with resnet.yaml replaced by a one-phase run and the allocator chosen; the other files as they are.</summary>
    private static string WriteExperiment(BenchContext context, string variant, bool tunedAllocator)
    {
        var folder = Path.Combine(context.WorkDirectory, $"experiment-memory-{variant}");
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        Directory.CreateDirectory(folder);
        foreach (var file in Directory.EnumerateFiles(context.ExperimentDirectory, "*.yaml"))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }

        var model = context.Experiment.Model(Pipeline.Stages.ModelNames.Resnet).Model;
        var training = context.Experiment.Model(Pipeline.Stages.ModelNames.Resnet).Training;
        File.WriteAllText(Path.Combine(folder, "resnet.yaml"), $"""
            # Written by the Benchmark target (figure g): the experiment's ResNet, one phase, every epoch alike.
            model:
              architecture: {model.Architecture}
              pretrained: {model.Pretrained}
              input_size: {model.InputSize}
              head: {JsonSerializer.Serialize(new { kind = model.Head.Kind, dropout = model.Head.Dropout })}
            training:
              seed: {training.Seed}
              batch_size: {training.BatchSize}
              eval_batch_size: {training.EvalBatchSize}
              checkpoints: {"{"}last_k: 2{"}"}
              phases:
                - name: memory
                  epochs: {Epochs}
                  augment: aggressive_part2
                  train_layers: all
                  optimizer: {"{"}name: adam, lr: 0.0003{"}"}

            """);
        File.WriteAllText(Path.Combine(folder, "pipeline.yaml"), $"""
            # Written by the Benchmark target (figure g).
            name: benchmark-memory-{variant}
            description: Peak memory of a training stage process.
            runtime:
              tuned_allocator: {(tunedAllocator ? "true" : "false")}

            """);
        return folder;
    }

    /// <summary>The pid of the TrainResnet stage process under the build process, if it has started.</summary>
    private static int? FindTrainStage(int buildPid)
    {
        foreach (var pid in ProcStatus.Children(buildPid))
        {
            var command = ProcStatus.CommandLine(pid);
            if (!command.Contains(" __stage ", StringComparison.Ordinal))
            {
                continue;
            }

            var spec = command.Split(' ')[^1];
            try
            {
                using var document = JsonDocument.Parse(File.ReadAllBytes(spec));
                if (document.RootElement.TryGetProperty("runId", out var runId) && runId.GetString() == "TrainResnet")
                {
                    return pid;
                }
            }
            catch (Exception e) when (e is IOException or JsonException)
            {
                // The spec file moved on; look again next time.
            }
        }
        return null;
    }

    /// <summary>Epoch lines (with a validation result) in the stage's log so far.</summary>
    private static int EpochsLogged(string log)
    {
        try
        {
            using var stream = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            int count = 0;
            while (reader.ReadLine() is { } line)
            {
                if (line.Contains("| val loss", StringComparison.Ordinal))
                {
                    count++;
                }
            }
            return count;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}

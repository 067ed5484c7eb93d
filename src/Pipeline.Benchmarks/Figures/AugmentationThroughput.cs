using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;
using Pipeline.Benchmarks.Infrastructure;

namespace Pipeline.Benchmarks.Figures;

/// <summary>(c) runs <see cref="AugmentationOpBenchmarks"/> in this process (the libtorch already loaded) and turns its times into images per second.</summary>
public static class AugmentationThroughput
{
    public static IReadOnlyList<Figure> Measure(WorkerContext context)
    {
        AugmentationOpBenchmarks.Threads = context.Threads;
        var job = Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(3)
            .WithIterationCount(Math.Max(5, context.Repeats))
            .WithIterationTime(TimeInterval.FromMilliseconds(250))
            .WithUnrollFactor(1)
            .WithId("augmentation");
        var config = ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddLogger(new StreamLogger(new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true }))
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddExporter(MarkdownExporter.GitHub)
            .WithArtifactsPath(context.BenchmarkDotNetDirectory)
            .WithOptions(ConfigOptions.DisableLogFile);
        var summary = BenchmarkRunner.Run<AugmentationOpBenchmarks>(config);

        var figures = new List<Figure>();
        foreach (var op in AugmentationOpBenchmarks.Ops)
        {
            var report = summary.Reports.FirstOrDefault(r => Equals(r.BenchmarkCase.Parameters["Op"], op));
            var name = op.StartsWith("preset:", StringComparison.Ordinal)
                ? $"whole preset {op["preset:".Length..]}"
                : $"{op} on every image";
            var id = $"c.{op.Replace("preset:", "", StringComparison.Ordinal)}";
            var samples = report?.AllMeasurements
                .Where(m => m.IterationMode == IterationMode.Workload && m.IterationStage == IterationStage.Result)
                .Select(m => AugmentationOpBenchmarks.BatchSize / (m.GetAverageTime().Nanoseconds * 1e-9))
                .ToList();
            figures.Add(samples is { Count: > 0 }
                ? Figure.Of(id, $"{name}, batch {AugmentationOpBenchmarks.BatchSize}×3×{AugmentationOpBenchmarks.ImageSize}×{AugmentationOpBenchmarks.ImageSize}, {context.Threads} threads (BenchmarkDotNet, in-process)", "img/s", samples)
                : Figure.Missing(id, name, "img/s", "BenchmarkDotNet reported no result; see logs/augment.log"));
        }
        return figures;
    }
}

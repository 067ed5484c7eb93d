using System.Globalization;
using Pipeline.Benchmarks.Infrastructure;

namespace Pipeline.Benchmarks.Figures;

/// <summary>
/// (a.pytorch) our training step against PyTorch's best CPU training step, interleaved: the worker <c>step</c> (the pure
/// step as the Train stage process runs it: contiguous, flat Adam, batch in memory) against <c>benchmarks/torch_step.py</c>
/// (the same network, batch, size and threads in PyTorch, channels_last, torch.optim.Adam), both in training images per
/// second. Measured only where Debian's PyTorch is installed; elsewhere the figure says it was skipped and why.
/// </summary>
public static class StepAgainstPyTorch
{
    /// <summary>Steps per timed repeat on both sides (compare.py's default).</summary>
    public const int Steps = 16;

    public static IReadOnlyList<Figure> Measure(BenchContext context, string shards)
    {
        var script = Path.Combine(context.Request.RepositoryRoot, "benchmarks", "torch_step.py");
        var why = TtaAgainstPyTorch.PyTorchUnavailable(TtaAgainstPyTorch.Python, script, context.Request.RepositoryRoot, Path.Combine(context.LogDirectory, "step-pytorch.log"));
        if (why is not null)
        {
            context.Output.WriteLine($"Benchmark: a.pytorch skipped: {why}");
            return [Figure.Missing("a.pytorch", "training step against PyTorch's best (channels_last)", "ratio", $"skipped: {why}")];
        }

        int pairs = TtaAgainstPyTorch.Pairs();
        var repeats = Environment.GetEnvironmentVariable(BenchmarkWorker.RepeatsVariable) is { Length: > 0 } r ? r : TtaAgainstPyTorch.DefaultRepeats.ToString(CultureInfo.InvariantCulture);
        var steps = Steps.ToString(CultureInfo.InvariantCulture);
        var (ours, theirs) = TtaAgainstPyTorch.Interleave(pairs,
            () => OurStep(context, shards, repeats),
            () => TtaAgainstPyTorch.RunScript(context, script, ["--steps", steps, "--repeats", repeats, "--memory-format", "channels_last"], "step-pytorch"),
            (pair, a, b) => context.Output.WriteLine($"  a.pytorch pair {pair + 1}/{pairs}: ours {a:0.0}, PyTorch {b:0.0} img/s, ratio {a / b:0.000} (load {MachineInfo.LoadAverageOneMinute():0.0})"));

        var what = $"batch in memory, {repeats} repeats x {Steps} steps, {context.Request.Threads} threads, the stage processes' allocator";
        return
        [
            Figure.Of("a.pytorch.ours", $"our training step as the Train stage runs it (contiguous, flat Adam), images per second ({what})", "img/s", ours),
            Figure.Of("a.pytorch.torch", $"PyTorch's training step (torch_step.py: channels_last, torch.optim.Adam) ({what})", "img/s", theirs),
            Figure.Of("a.pytorch", $"ours over PyTorch's best training step, median of {pairs} interleaved pairs (alternating which goes first)", "ratio", Stats.Ratios(ours, theirs)).AtLeast(1.00),
        ];
    }

    private static double OurStep(BenchContext context, string shards, string repeats)
    {
        return context.RunWorkerFigure("step", "a", shards, new Dictionary<string, string>
        {
            [BenchmarkWorker.RepeatsVariable] = repeats,
            ["PIPELINE_BENCH_STEPS"] = Steps.ToString(CultureInfo.InvariantCulture),
        }, logName: "step-pytorch").Median;
    }
}

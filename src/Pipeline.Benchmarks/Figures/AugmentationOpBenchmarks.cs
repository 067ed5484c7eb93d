using BenchmarkDotNet.Attributes;
using Pipeline.Augmentation;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Benchmarks.Figures;

/// <summary>
/// (c) BenchmarkDotNet micro-benchmarks: each op of the part-2 "aggressive" preset applied to every image of
/// a batch, and whole presets (with their probabilities), on float [0,1] images as training feeds them.
/// </summary>
[BenchmarkCategory("augmentation")]
public class AugmentationOpBenchmarks
{
    /// <summary>Batch shape: the default experiment's training batch.</summary>
    public const int BatchSize = 32;
    public const int ImageSize = 64;

    /// <summary>Name → YAML op list; names starting with "preset:" are whole presets.</summary>
    public static readonly IReadOnlyDictionary<string, string> OpYaml = new Dictionary<string, string>
    {
        ["add"] = "[{add: {value: 80}}]",
        ["coarse_dropout"] = "[{coarse_dropout: {p: [0.05, 0.2], size: [0.1, 0.1]}}]",
        ["piecewise_affine"] = "[{piecewise_affine: {scale: [0.01, 0.04], mode: reflect}}]",
        ["average_blur"] = "[{average_blur: {k_width: [3, 7], k_height: [1, 1]}}]",
        ["fliplr"] = "[{fliplr: {p: 0.5}}]",
        ["flipud"] = "[{flipud: {p: 0.5}}]",
        ["affine"] = "[{affine: {scale: [0.35, 2.1], translate: 0.65, rotate: 90, shear: 70, mode: reflect}}]",
        ["preset:aggressive_part2"] = "",
        ["preset:affine_cp6"] = "",
        ["preset:tta1_aggressive"] = "",
    };

    /// <summary>Torch threads of the measuring thread (the worker sets it from --threads).</summary>
    public static int Threads { get; set; } = 2;

    private IAugmenter _augmenter = null!;
    private Tensor _images = null!;
    private ulong _seed;

    public static IEnumerable<string> Ops => OpYaml.Keys;

    [ParamsSource(nameof(Ops))]
    public string Op { get; set; } = "add";

    [GlobalSetup]
    public void Setup()
    {
        torch.set_num_threads(Threads);
        _augmenter = Create(Op);
        _images = torch.rand([BatchSize, 3, ImageSize, ImageSize], generator: new Generator(7));
    }

    [Benchmark]
    public void Apply()
    {
        using var scope = torch.NewDisposeScope();
        using var generator = new Generator(++_seed);
        _augmenter.Apply(_images, generator);
    }

    [GlobalCleanup]
    public void Cleanup() => _images.Dispose();

    public static IAugmenter Create(string op)
    {
        if (op.StartsWith("preset:", StringComparison.Ordinal))
        {
            return AugmentationPresets.BuiltIn.Create(op["preset:".Length..]);
        }

        var ops = AugmentationPresets.Parse($"benchmark_op: {OpYaml[op]}\n", "benchmark");
        return AugmentationPresets.BuiltIn.With(ops).Create("benchmark_op");
    }
}

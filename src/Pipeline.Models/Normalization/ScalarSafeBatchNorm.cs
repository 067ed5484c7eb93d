using Pipeline.Runtime;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pipeline.Models.Normalization;

/// <summary>
/// TorchSharp's BatchNorm1d/BatchNorm2d with the same parameters, buffers, names and arithmetic, except that
/// training's batch count is incremented with a Scalar that stays alive. TorchSharp 0.107's
/// <c>BatchNorm.forward</c> runs <c>num_batches_tracked.add_(1)</c>, an implicit Scalar the garbage collector
/// can free while libtorch still reads it, in every normalization layer of every training step
/// (see <see cref="ScalarConstants"/>).
/// </summary>
public sealed class ScalarSafeBatchNorm : BatchNorm
{
    private readonly long[] _inputRanks;

    private ScalarSafeBatchNorm(long features, double eps, double momentum, long[] inputRanks, string name)
        : base(features, eps, momentum, affine: true, track_running_stats: true, device: null, dtype: null, name)
    {
        _inputRanks = inputRanks;
    }

    /// <summary>Like <c>nn.BatchNorm2d</c>: N×C×H×W input.</summary>
    public static ScalarSafeBatchNorm For2d(long features, double eps = 1e-5, double momentum = 0.1) => new(features, eps, momentum, [4], "BatchNorm2d");

    /// <summary>Like <c>nn.BatchNorm1d</c>: N×C or N×C×L input.</summary>
    public static ScalarSafeBatchNorm For1d(long features, double eps = 1e-5, double momentum = 0.1) => new(features, eps, momentum, [2, 3], "BatchNorm1d");

    /// <summary>
    /// Set by <see cref="BatchNormFolding"/> while this norm's running statistics and affine parameters are folded into
    /// the convolution before it: the forward pass then passes its input through. Only in eval mode.
    /// </summary>
    internal bool Folded { get; set; }

    public override Tensor forward(Tensor input)
    {
        if (Folded)
        {
            return training
                ? throw new InvalidOperationException("a batch norm folded into its convolution cannot train; dispose the fold first")
                : input.alias();
        }

        // TorchSharp's BatchNorm.forward, line for line, with the batch count's Scalars explicit.
        ValidateInputDimensions(input);
        var averageFactor = momentum ?? 0.0;
        if (training && track_running_stats && num_batches_tracked is not null)
        {
            num_batches_tracked.add_(ScalarConstants.One, ScalarConstants.One);
            if (momentum is null)
            {
                averageFactor = 1.0 / num_batches_tracked.item<long>();
            }
        }
        var batchStatistics = training || (running_mean is null && running_var is null);
        var useRunning = !training || track_running_stats;
        return nn.functional.batch_norm(input, useRunning ? running_mean : null, useRunning ? running_var : null, weight, bias, batchStatistics, averageFactor, eps);
    }

    protected override void ValidateInputDimensions(Tensor input)
    {
        if (!_inputRanks.Contains(input.ndim))
        {
            throw new ArgumentException($"expected {string.Join(" or ", _inputRanks.Select(r => $"{r}D"))} input, but got {input.ndim}D input.");
        }
    }
}

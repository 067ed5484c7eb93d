using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Models;

/// <summary>
/// PyTorch's <c>channels_last</c> memory format (NHWC element order behind an N×C×H×W shape) without the API for it:
/// TorchSharp 0.107 declares a <c>memory_format</c> enum but nothing takes it (<c>contiguous()</c> has no argument,
/// <c>Module.to</c> has no memory format, the <c>*_like</c> factories ignore it). libtorch decides the format from the
/// strides alone (<c>suggest_memory_format</c>), so a tensor permuted to NHWC, made contiguous and permuted back is
/// channels_last to every kernel: oneDNN convolutions then run in NHWC and their outputs stay NHWC. Opt-in (the
/// benchmark workers' <c>PIPELINE_BENCH_MEMORY_FORMAT</c>). TTA on the CPU uses it (<c>TtaRunner</c>: 11-12% faster); training stays contiguous (slower in it: benchmarks/README.md).
/// </summary>
public static class ChannelsLast
{
    /// <summary>Whether <paramref name="tensor"/> is 4-D with the strides PyTorch gives channels_last: (C·H·W, 1, W·C, C).</summary>
    public static bool Is(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        return tensor.dim() == 4 && tensor.stride().SequenceEqual(Strides(tensor.shape));
    }

    /// <summary>
    /// A channels_last copy of a 4-D tensor: the same shape and values, a new tensor the caller owns. Allocated with the
    /// NHWC strides and copied into, as PyTorch's <c>.contiguous(memory_format=torch.channels_last)</c> does (a permute
    /// and <c>contiguous()</c> would leave a 1×1 kernel's ambiguous strides as they were).
    /// </summary>
    public static Tensor From(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.dim() != 4)
        {
            throw new ArgumentException($"channels_last needs a 4-D N×C×H×W tensor, got {tensor.dim()}-D [{string.Join(", ", tensor.shape)}]", nameof(tensor));
        }

        var result = torch.empty_strided(tensor.shape, Strides(tensor.shape), tensor.dtype, tensor.device);
        result.copy_(tensor);
        return result;
    }

    private static long[] Strides(long[] shape) => [shape[1] * shape[2] * shape[3], 1, shape[3] * shape[1], shape[1]];

    /// <summary>
    /// A view of <paramref name="flat"/> (a 1-D slice of N·C·H·W elements) with <paramref name="shape"/> and the layout
    /// of <paramref name="like"/>: NHWC strides when it is channels_last, contiguous otherwise.
    /// </summary>
    public static Tensor ViewLike(Tensor flat, long[] shape, Tensor like)
    {
        ArgumentNullException.ThrowIfNull(flat);
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(like);
        if (!Is(like))
        {
            return flat.view(shape);
        }

        using var nhwc = flat.view(shape[0], shape[2], shape[3], shape[1]);
        return nhwc.permute(0, 3, 1, 2);
    }

    /// <summary>
    /// Puts every 4-D parameter and buffer of <paramref name="module"/> (the convolution weights) in channels_last, in
    /// place, as PyTorch's <c>module.to(memory_format=torch.channels_last)</c> does; values are unchanged. Do it before
    /// an optimizer takes the parameters.
    /// </summary>
    public static void Apply(nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        using var noGrad = torch.no_grad();
        foreach (var tensor in module.parameters().Cast<Tensor>().Concat(module.buffers()))
        {
            if (tensor.dim() == 4 && !Is(tensor))
            {
                using var converted = From(tensor);
                tensor.set_(converted);
            }
        }
    }

    /// <summary>
    /// Puts every 4-D parameter and buffer of <paramref name="module"/> back in the contiguous layout, in place (values
    /// unchanged): TorchSharp's <c>Module.load</c> reads a checkpoint only into contiguous tensors.
    /// </summary>
    public static void Undo(nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        using var noGrad = torch.no_grad();
        foreach (var tensor in module.parameters().Cast<Tensor>().Concat(module.buffers()))
        {
            if (tensor.dim() == 4 && !tensor.is_contiguous())
            {
                using var converted = tensor.contiguous();
                tensor.set_(converted);
            }
        }
    }
}

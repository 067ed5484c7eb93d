using Pipeline.Models.Normalization;
using TorchSharp.Modules;

namespace Pipeline.Models.Backbones;

/// <summary>
/// A module whose forward pass feeds each of these convolutions straight into its batch norm (nothing in between), so
/// that at inference the norm can be folded into the convolution (<see cref="BatchNormFolding"/>).
/// </summary>
public interface IConvBnPairs
{
    IEnumerable<(Conv2d Convolution, ScalarSafeBatchNorm Norm)> ConvBnPairs { get; }
}

/// <summary>The (convolution, norm) pair of a ResNet block's downsample shortcut, <c>Sequential(conv, bn)</c>.</summary>
internal static class Downsample
{
    public static IEnumerable<(Conv2d Convolution, ScalarSafeBatchNorm Norm)> Pairs(Sequential? downsample)
    {
        if (downsample is null)
        {
            return [];
        }

        var parts = downsample.children().ToList();
        return parts is [Conv2d convolution, ScalarSafeBatchNorm norm]
            ? [(convolution, norm)]
            : throw new InvalidOperationException($"a downsample shortcut is Sequential(Conv2d, BatchNorm), not Sequential({string.Join(", ", parts.Select(p => p.GetType().Name))})");
    }
}

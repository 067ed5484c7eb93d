using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Augmentation.Ops;

/// <summary>
/// Samples images at per-pixel source coordinates (pixel units, centres at 0..W−1) with the fill
/// modes of imgaug/scikit-image. Out-of-image coordinates are folded into the image before
/// sampling (reflect, symmetric, wrap) or clamped (edge); constant samples zeros outside and
/// shifts by cval. Wrap with linear order interpolates towards the edge pixel, not across the
/// seam, in the last half pixel: an approximation that is invisible at augmentation scale.
/// </summary>
internal static class GridSampler
{
    public static Tensor Sample(Tensor images, Tensor sourceX, Tensor sourceY, string order, string mode, double cval)
    {
        using var scope = NewDisposeScope();
        var height = images.shape[2];
        var width = images.shape[3];
        var x = Fold(sourceX, width, mode);
        var y = Fold(sourceY, height, mode);
        // align_corners=true maps -1 and +1 to the centres of the outer pixels, matching pixel units.
        var gx = width > 1 ? x * (2.0f / (width - 1)) - 1f : torch.zeros_like(x);
        var gy = height > 1 ? y * (2.0f / (height - 1)) - 1f : torch.zeros_like(y);
        var grid = torch.stack([gx, gy], -1);
        var interpolation = order == "nearest" ? GridSampleMode.Nearest : GridSampleMode.Bilinear;
        Tensor result;
        if (mode == "constant")
        {
            var fill = (float)(cval / 255.0);
            var shifted = fill == 0f ? images : images - fill;
            result = nn.functional.grid_sample(shifted, grid, interpolation, GridSamplePaddingMode.Zeros, align_corners: true);
            if (fill != 0f)
                result = result + fill;
        }
        else
        {
            result = nn.functional.grid_sample(images, grid, interpolation, GridSamplePaddingMode.Border, align_corners: true);
        }
        return result.MoveToOuterDisposeScope();
    }

    private static Tensor Fold(Tensor coordinate, long size, string mode)
    {
        if (size == 1)
            return torch.zeros_like(coordinate);
        switch (mode)
        {
            case "reflect":
            {
                // Mirror about the outer pixel centres (numpy 'reflect'): period 2(n−1).
                var period = 2.0 * (size - 1);
                var t = torch.remainder(coordinate, period);
                return (size - 1) - (t - (size - 1)).abs();
            }
            case "symmetric":
            {
                // Mirror about the outer pixel edges (numpy 'symmetric'): the edge pixel repeats; period 2n.
                var t = torch.remainder(coordinate + 0.5, 2.0 * size);
                return (size - 0.5) - (t - size).abs();
            }
            case "wrap":
                return torch.remainder(coordinate, (double)size);
            default:
                return coordinate.alias();
        }
    }
}

using Pipeline.Runtime;
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
        using var one = 1f.ToScalar();
        using var scaleX = (2.0f / Math.Max(1, width - 1)).ToScalar();
        using var scaleY = (2.0f / Math.Max(1, height - 1)).ToScalar();
        var gx = width > 1 ? x.mul(scaleX).sub_(one) : torch.zeros_like(x);
        var gy = height > 1 ? y.mul(scaleY).sub_(one) : torch.zeros_like(y);
        var grid = torch.stack([gx, gy], -1);
        var interpolation = order == "nearest" ? GridSampleMode.Nearest : GridSampleMode.Bilinear;
        Tensor result;
        if (mode == "constant")
        {
            var fill = (float)(cval / 255.0);
            using var fillScalar = fill.ToScalar();
            var shifted = fill == 0f ? images : images.sub(fillScalar);
            result = nn.functional.grid_sample(shifted, grid, interpolation, GridSamplePaddingMode.Zeros, align_corners: true);
            if (fill != 0f)
            {
                result = result.add(fillScalar, ScalarConstants.One);
            }
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
        {
            return torch.zeros_like(coordinate);
        }
        // Scalars are created and disposed here, not converted implicitly: TorchSharp 0.107 leaves an implicit
        // operator Scalar to the finalizer, which can free it while the native call still reads it (seen as
        // "Expected false to be true" from c10::Scalar::toFloat in a training stage; dotnet/TorchSharp#1434).
        // add/add_ get their alpha explicitly too: without it TorchSharp converts an implicit 1 itself.
        switch (mode)
        {
            case "reflect":
            {
                // Mirror about the outer pixel centres (numpy 'reflect'): period 2(n−1).
                using var period = (2.0 * (size - 1)).ToScalar();
                using var last = ((double)(size - 1)).ToScalar();
                var t = torch.remainder(coordinate, period);
                return t.sub(last).abs_().neg_().add_(last, ScalarConstants.One);
            }
            case "symmetric":
            {
                // Mirror about the outer pixel edges (numpy 'symmetric'): the edge pixel repeats; period 2n.
                using var half = 0.5.ToScalar();
                using var period = (2.0 * size).ToScalar();
                using var n = ((double)size).ToScalar();
                using var edge = (size - 0.5).ToScalar();
                var t = torch.remainder(coordinate.add(half, ScalarConstants.One), period);
                return t.sub(n).abs_().neg_().add_(edge, ScalarConstants.One);
            }
            case "wrap":
            {
                using var period = ((double)size).ToScalar();
                return torch.remainder(coordinate, period);
            }
            default:
                return coordinate.alias();
        }
    }
}

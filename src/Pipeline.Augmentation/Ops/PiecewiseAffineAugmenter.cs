using Pipeline.Augmentation.Specs;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Augmentation.Ops;

/// <summary>
/// Local distortion: normal displacements of a coarse grid of control points (standard deviation a
/// per-image fraction of the image size), upsampled bilinearly to a dense displacement field, then one
/// grid_sample for the batch.
/// </summary>
public sealed class PiecewiseAffineAugmenter : IAugmenter
{
    private readonly PiecewiseAffineSpec spec;

    public PiecewiseAffineAugmenter(PiecewiseAffineSpec spec) => this.spec = spec;

    public Tensor Apply(Tensor images, Generator generator)
    {
        using var scope = NewDisposeScope();
        var n = images.shape[0];
        var height = images.shape[2];
        var width = images.shape[3];
        var device = images.device;
        var scale = RandomDraw.Uniform(generator, n, spec.Scale, device).view(-1, 1, 1, 1);
        var offsets = RandomDraw.Normal(generator, [n, 2, spec.Rows, spec.Cols], device) * scale;
        var size = torch.tensor(new float[] { width, height }, device: device).view(1, 2, 1, 1);
        var field = nn.functional.interpolate(offsets * size, [height, width], mode: InterpolationMode.Bilinear, align_corners: true);
        var xs = torch.arange(width, ScalarType.Float32, device).view(1, 1, width);
        var ys = torch.arange(height, ScalarType.Float32, device).view(1, height, 1);
        var sourceX = xs + field[.., 0];
        var sourceY = ys + field[.., 1];
        return GridSampler.Sample(images, sourceX, sourceY, spec.Order, spec.Mode, spec.Cval).MoveToOuterDisposeScope();
    }
}

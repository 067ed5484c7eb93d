using Pipeline.Augmentation.Specs;
using Pipeline.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Augmentation.Ops;

/// <summary>
/// Local distortion: normal displacements of a coarse grid of control points (standard deviation a
/// per-image fraction of the image size), upsampled bilinearly (two small matrix products) to a dense displacement field, then one
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
        // Bilinear upsampling (align_corners) of the control grid is separable and linear: two small matrix
        // products give the dense field several times faster than interpolate().
        var field = torch.matmul(torch.matmul(Upsampling(height, spec.Rows, device), offsets * size), Upsampling(width, spec.Cols, device).t());
        using var widthScalar = width.ToScalar();
        using var heightScalar = height.ToScalar();
        var xs = torch.arange(ScalarConstants.Zero, widthScalar, ScalarConstants.One, ScalarType.Float32, device).view(1, 1, width);
        var ys = torch.arange(ScalarConstants.Zero, heightScalar, ScalarConstants.One, ScalarType.Float32, device).view(1, height, 1);
        var sourceX = xs.add(field[.., 0], ScalarConstants.One);
        var sourceY = ys.add(field[.., 1], ScalarConstants.One);
        return GridSampler.Sample(images, sourceX, sourceY, spec.Order, spec.Mode, spec.Cval).MoveToOuterDisposeScope();
    }

    /// <summary>The <paramref name="size"/>×<paramref name="points"/> matrix of 1-D linear interpolation (align_corners) from the control points.</summary>
    internal static Tensor Upsampling(long size, long points, Device device)
    {
        var weights = new float[size * points];
        for (long i = 0; i < size; i++)
        {
            double source = size > 1 && points > 1 ? i * (points - 1) / (double)(size - 1) : 0;
            long low = Math.Min((long)Math.Floor(source), points - 1);
            long high = Math.Min(low + 1, points - 1);
            float t = (float)(source - low);
            weights[i * points + low] += 1 - t;
            weights[i * points + high] += t;
        }
        return torch.tensor(weights, [size, points], device: device);
    }
}

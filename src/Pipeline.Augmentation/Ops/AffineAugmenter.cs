using Pipeline.Augmentation.Specs;
using Pipeline.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Augmentation.Ops;

/// <summary>
/// imgaug-style Affine on a batch: per image a matrix (scale, shear, rotation about the centre, then
/// translation), inverted in closed form, gives every output pixel its source coordinate; one
/// grid_sample per batch (per order/mode group when those are random).
/// </summary>
public sealed class AffineAugmenter : IAugmenter
{
    private static readonly string[] RandomModes = ["constant", "reflect", "wrap", "symmetric"];
    private readonly AffineSpec spec;

    public AffineAugmenter(AffineSpec spec) => this.spec = spec;

    public Tensor Apply(Tensor images, Generator generator)
    {
        using var scope = NewDisposeScope();
        var n = images.shape[0];
        var device = images.device;
        var independent = spec.ScaleX is not null || spec.ScaleY is not null;
        var sx = RandomDraw.Uniform(generator, n, spec.ScaleX ?? spec.Scale, device);
        var sy = independent ? RandomDraw.Uniform(generator, n, spec.ScaleY ?? spec.Scale, device) : sx;
        var tx = RandomDraw.Uniform(generator, n, spec.TranslateX ?? spec.Translate, device);
        var ty = RandomDraw.Uniform(generator, n, spec.TranslateY ?? spec.Translate, device);
        using var radiansPerDegree = ((float)(Math.PI / 180)).ToScalar();
        var rotate = RandomDraw.Uniform(generator, n, spec.Rotate, device).mul(radiansPerDegree);
        var shear = RandomDraw.Uniform(generator, n, spec.Shear, device).mul(radiansPerDegree);
        var (sourceX, sourceY) = SourceCoordinates(images.shape[2], images.shape[3], sx, sy, tx, ty, rotate, shear);
        var orders = spec.Order == "random" ? RandomDraw.Integers(generator, n, 0, 1) : null;
        var modes = spec.Mode == "random" ? RandomDraw.Integers(generator, n, 0, RandomModes.Length - 1) : null;
        if (orders is null && modes is null)
        {
            return GridSampler.Sample(images, sourceX, sourceY, spec.Order, spec.Mode, spec.Cval).MoveToOuterDisposeScope();
        }

        var result = torch.empty_like(images);
        using var fixedOrder = (spec.Order == "nearest" ? 0L : 1L).ToScalar();
        using var modeCount = RandomModes.Length.ToScalar();
        var orderIndex = orders ?? torch.full([n], fixedOrder);
        var modeIndex = modes ?? torch.zeros([n], ScalarType.Int64);
        var group = orderIndex.mul(modeCount).add(modeIndex, ScalarConstants.One);
        foreach (var key in group.unique().output.data<long>().ToArray())
        {
            using var keyScalar = key.ToScalar();
            var index = group.eq(keyScalar).nonzero().squeeze(1).to(device);
            var order = key / RandomModes.Length == 0 ? "nearest" : "linear";
            var mode = modes is null ? spec.Mode : RandomModes[key % RandomModes.Length];
            var part = GridSampler.Sample(images.index_select(0, index), sourceX.index_select(0, index), sourceY.index_select(0, index), order, mode, spec.Cval);
            result.index_copy_(0, index, part);
        }
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>Source pixel coordinates (N×H×W each) of every output pixel under the per-image transforms.</summary>
    internal static (Tensor X, Tensor Y) SourceCoordinates(long height, long width, Tensor sx, Tensor sy, Tensor tx, Tensor ty, Tensor rotate, Tensor shear)
    {
        using var scope = NewDisposeScope();
        var device = sx.device;
        using var widthScalar = width.ToScalar();
        using var heightScalar = height.ToScalar();
        using var centreX = ((width - 1) / 2f).ToScalar();
        using var centreY = ((height - 1) / 2f).ToScalar();
        var xs = torch.arange(ScalarConstants.Zero, widthScalar, ScalarConstants.One, ScalarType.Float32, device).sub(centreX).view(1, 1, width);
        var ys = torch.arange(ScalarConstants.Zero, heightScalar, ScalarConstants.One, ScalarType.Float32, device).sub(centreY).view(1, height, 1);
        Tensor Col(Tensor t) => t.view(-1, 1, 1);
        var cos = rotate.cos();
        var sin = rotate.sin();
        var tan = shear.tan();
        // Forward map A = R·Sh·S with Sh = [[1, −tan], [0, 1]]; det(A) = sx·sy.
        var a = cos * sx;
        var b = -sy * (cos * tan).add(sin, ScalarConstants.One);
        var c = sin * sx;
        var d = sy * (cos - sin * tan);
        var det = sx * sy;
        var dx = xs - Col(tx.mul(widthScalar));
        var dy = ys - Col(ty.mul(heightScalar));
        var sourceX = (Col(d / det) * dx - Col(b / det) * dy).add(centreX, ScalarConstants.One);
        var sourceY = (Col(-c / det) * dx).add(Col(a / det) * dy, ScalarConstants.One).add(centreY, ScalarConstants.One);
        return (sourceX.MoveToOuterDisposeScope(), sourceY.MoveToOuterDisposeScope());
    }
}

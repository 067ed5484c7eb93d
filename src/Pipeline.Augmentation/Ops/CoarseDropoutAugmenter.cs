using Pipeline.Augmentation.Specs;
using Pipeline.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Augmentation.Ops;

/// <summary>
/// Coarse dropout with per-image cell sizes in one pass: every pixel looks up its cell
/// (<c>floor(i·cells/H)</c>, i.e. nearest upsampling) in a per-image random field of one uniform draw per
/// cell and is zeroed when that draw is below the image's p.
/// </summary>
public sealed class CoarseDropoutAugmenter : IAugmenter
{
    private readonly CoarseDropoutSpec spec;

    public CoarseDropoutAugmenter(CoarseDropoutSpec spec) => this.spec = spec;

    public Tensor Apply(Tensor images, Generator generator)
    {
        using var scope = NewDisposeScope();
        var (n, c, h, w) = (images.shape[0], images.shape[1], images.shape[2], images.shape[3]);
        var device = images.device;
        var p = RandomDraw.Uniform(generator, [n, 1, 1, 1], spec.P, device);
        var size = RandomDraw.Uniform(generator, [n], spec.Size, device);
        using var height = h.ToScalar();
        using var width = w.ToScalar();
        using var minCells = 2.ToScalar();
        var cellsY = size.mul(height).round().clamp(minCells, height).to(ScalarType.Int64);
        var cellsX = size.mul(width).round().clamp(minCells, width).to(ScalarType.Int64);
        var rowCell = (torch.arange(ScalarConstants.Zero, height, ScalarConstants.One, ScalarType.Int64, device).view(1, h) * cellsY.view(-1, 1)).div(height, rounding_mode: RoundingMode.floor);
        var colCell = (torch.arange(ScalarConstants.Zero, width, ScalarConstants.One, ScalarType.Int64, device).view(1, w) * cellsX.view(-1, 1)).div(width, rounding_mode: RoundingMode.floor);
        // One draw per cell of the largest grid in the batch (smaller grids use its top-left part), decided per
        // cell, then looked up per pixel: drawing per pixel cost most of the op's time.
        var gridY = cellsY.max().item<long>();
        var gridX = cellsX.max().item<long>();
        using var gridWidth = gridX.ToScalar();
        var cellIndex = rowCell.view(n, h, 1).mul(gridWidth).add(colCell.view(n, 1, w), ScalarConstants.One).view(n, 1, h * w);
        var field = RandomDraw.Uniform(generator, [n, c, gridY * gridX], new ValueRange(0, 1), device);
        if (spec.PerChannel < 1)
        {
            var perChannel = RandomDraw.Chance(generator, n, spec.PerChannel, device).view(-1, 1, 1);
            field = torch.where(perChannel, field, field[.., 0..1].expand(n, c, gridY * gridX));
        }
        var keepCell = (field >= p.view(n, 1, 1)).to(images.dtype);
        var keep = keepCell.gather(2, cellIndex.expand(n, c, h * w)).view(n, c, h, w);
        return (images * keep).MoveToOuterDisposeScope();
    }
}

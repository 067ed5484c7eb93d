using Pipeline.Foundation;
using Pipeline.Runtime;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Augmentation;

/// <summary>
/// Writes a PNG grid showing what an augmenter does: one row per image, the original in the first
/// column, then <c>copies</c> augmented versions (each copy is a fresh draw over the whole batch).
/// </summary>
public static class AugmentationPreview
{
    private const int Gap = 2;

    /// <param name="images">N×3×H×W, uint8 (0-255) or float ([0,1]), on any device.</param>
    public static void WritePng(Tensor images, IAugmenter augmenter, long seed, int copies, string path)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(copies);
        if (images.dim() != 4 || images.shape[1] != 3)
        {
            throw new ArgumentException($"Expected N×3×H×W images, got [{string.Join(", ", images.shape)}].", nameof(images));
        }

        using var scope = NewDisposeScope();
        var source = images.dtype == ScalarType.Byte ? images.to(ScalarType.Float32).div(ScalarConstants.Float255) : images.to(ScalarType.Float32);
        var generator = new Generator((ulong)seed);
        var columns = new List<Tensor> { source.cpu() };
        for (var i = 0; i < copies; i++)
        {
            using var noGrad = torch.no_grad();
            columns.Add(augmenter.Apply(source, generator).cpu());
        }

        var (n, h, w) = (images.shape[0], images.shape[2], images.shape[3]);
        var gridHeight = n * (h + Gap) + Gap;
        var gridWidth = columns.Count * (w + Gap) + Gap;
        using var zero = 0f.ToScalar();
        using var one = 1f.ToScalar();
        var grid = torch.full([3, gridHeight, gridWidth], one);
        for (var row = 0; row < n; row++)
        {
            for (var column = 0; column < columns.Count; column++)
            {
                var top = (int)(Gap + row * (h + Gap));
                var left = (int)(Gap + column * (w + Gap));
                grid[.., top..(top + (int)h), left..(left + (int)w)] = columns[column][row];
            }
        }
        var bytes = grid.clamp(zero, one).mul(ScalarConstants.Float255).round().to(ScalarType.Byte).permute(1, 2, 0).contiguous().data<byte>().ToArray();
        using var image = Image.LoadPixelData<Rgb24>(bytes, (int)gridWidth, (int)gridHeight);
        AtomicFile.Write(path, image.SaveAsPng);
    }
}

using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Pipeline.Data.Preprocess;

/// <summary>
/// A PNG grid with one row per class, in class order: the class name (built-in pixel font) followed by
/// the first few images of that class. Cells are the image size, shrunk to at most 96 px.
/// </summary>
public static class ContactSheet
{
    /// <summary>Images shown per class.</summary>
    public const int PerClass = 8;

    private const int MaxCell = 96, Gap = 2, FontScale = 2;

    /// <summary>
    /// Encodes the sheet. <paramref name="rows"/> gives, per class, its name and planar RGB images (3×size×size).
    /// </summary>
    public static byte[] Render(IReadOnlyList<(string ClassName, IReadOnlyList<byte[]> Images)> rows, int size)
    {
        ArgumentNullException.ThrowIfNull(rows);
        int cell = Math.Min(size, MaxCell);
        int labelWidth = rows.Count == 0 ? 0 : rows.Max(r => TinyFont.Width(r.ClassName, FontScale)) + 8;
        int rowHeight = Math.Max(cell, TinyFont.GlyphHeight * FontScale) + Gap;
        int width = Math.Max(1, labelWidth + PerClass * (cell + Gap));
        int height = Math.Max(1, rows.Count * rowHeight);
        using var sheet = new Image<Rgb24>(width, height, new Rgb24(255, 255, 255));
        for (int r = 0; r < rows.Count; r++)
        {
            int top = r * rowHeight;
            TinyFont.Draw(rows[r].ClassName, 4, top + (rowHeight - TinyFont.GlyphHeight * FontScale) / 2, FontScale, (x, y) =>
            {
                if (x < width && y < height)
                {
                    sheet[x, y] = new Rgb24(0, 0, 0);
                }
            });
            for (int k = 0; k < Math.Min(PerClass, rows[r].Images.Count); k++)
            {
                using var tile = FromPlanar(rows[r].Images[k], size);
                if (cell != size)
                {
                    tile.Mutate(x => x.Resize(cell, cell, KnownResamplers.Bicubic));
                }

                int left = labelWidth + k * (cell + Gap);
                tile.ProcessPixelRows(accessor =>
                {
                    for (int y = 0; y < cell; y++)
                    {
                        var source = accessor.GetRowSpan(y);
                        for (int x = 0; x < cell; x++)
                        {
                            sheet[left + x, top + y] = source[x];
                        }
                    }
                });
            }
        }
        using var stream = new MemoryStream();
        sheet.SaveAsPng(stream, new PngEncoder { ColorType = PngColorType.Rgb, BitDepth = PngBitDepth.Bit8 });
        return stream.ToArray();
    }

    private static Image<Rgb24> FromPlanar(byte[] planar, int size)
    {
        int plane = size * size;
        var image = new Image<Rgb24>(size, size);
        image.ProcessPixelRows(accessor =>
        {
            for (int y = 0; y < size; y++)
            {
                var row = accessor.GetRowSpan(y);
                for (int x = 0; x < size; x++)
                {
                    int at = y * size + x;
                    row[x] = new Rgb24(planar[at], planar[plane + at], planar[2 * plane + at]);
                }
            }
        });
        return image;
    }
}

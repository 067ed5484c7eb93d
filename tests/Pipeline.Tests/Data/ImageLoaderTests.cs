using Pipeline.Data;
using Pipeline.Data.Configuration;
using Pipeline.Data.Images;
using Xunit;

namespace Pipeline.Tests.Data;

public sealed class ImageLoaderTests
{
    private static ImageLoader Loader(int size) => new(new ImageLimitsConfig(), size, "bicubic");

    // Planar 3×N bytes from N interleaved RGB triples, to write expectations readably.
    private static byte[] Planar(params (byte R, byte G, byte B)[] pixels)
        => [.. pixels.Select(p => p.R), .. pixels.Select(p => p.G), .. pixels.Select(p => p.B)];

    private static byte[] Decode(byte[] file, int size)
    {
        var result = Loader(size).Decode(file);
        Assert.True(result.Ok, result.Problem);
        return result.Pixels!;
    }

    [Fact]
    public void Eight_bit_grey_becomes_equal_rgb()
    {
        var png = PngFixture.Encode(2, 2, PngFixture.Grey, 8, [0x40, 0xFF, 0x00, 0x07]);
        Assert.Equal(Planar((64, 64, 64), (255, 255, 255), (0, 0, 0), (7, 7, 7)), Decode(png, 2));
    }

    [Fact]
    public void Grey_with_alpha_is_composited_over_white()
    {
        // (100, alpha 128): 100·128/255 + 255·127/255 = 177.7, rounded down after +127/255 → 177.
        var png = PngFixture.Encode(2, 2, PngFixture.GreyAlpha, 8, [100, 128, 30, 255, 0, 0, 200, 255]);
        Assert.Equal(Planar((177, 177, 177), (30, 30, 30), (255, 255, 255), (200, 200, 200)), Decode(png, 2));
    }

    [Fact]
    public void Palette_colours_and_palette_transparency_are_resolved()
    {
        var png = PngFixture.Encode(2, 2, PngFixture.Palette, 8, [0, 1, 2, 0], palette: [255, 0, 0, 0, 128, 255, 0, 128, 255], transparency: [255, 0, 255]);
        Assert.Equal(Planar((255, 0, 0), (255, 255, 255), (0, 128, 255), (255, 0, 0)), Decode(png, 2));
    }

    [Fact]
    public void Sixteen_bit_rgb_is_rounded_to_eight_bits()
    {
        // Samples 0x8080, 0xFFFF, 0x0000 | 0x1234, 0x0101, 0xFEFE → v·255/65535 rounded: 128, 255, 0 | 18, 1, 254.
        byte[] rows = [0x80, 0x80, 0xFF, 0xFF, 0x00, 0x00, 0x12, 0x34, 0x01, 0x01, 0xFE, 0xFE, .. new byte[12]];
        var png = PngFixture.Encode(2, 2, PngFixture.Rgb, 16, rows);
        Assert.Equal(Planar((128, 255, 0), (18, 1, 254), (0, 0, 0), (0, 0, 0)), Decode(png, 2));
    }

    [Fact]
    public void Sixteen_bit_grey_is_rounded_to_eight_bits()
    {
        var png = PngFixture.Encode(2, 2, PngFixture.Grey, 16, [0xC0, 0xC0, 0x00, 0x10, 0xFF, 0xFF, 0x7F, 0x7F]);
        Assert.Equal(Planar((192, 192, 192), (0, 0, 0), (255, 255, 255), (127, 127, 127)), Decode(png, 2));
    }

    [Fact]
    public void Rgba_is_composited_over_white()
    {
        // Opaque stays; fully transparent is white; alpha 51 gives c·0.2 + 255·0.8 (integer, rounded as documented).
        byte[] rows = [10, 200, 30, 255, 0, 0, 0, 0, 200, 100, 50, 51, 5, 5, 5, 255];
        var png = PngFixture.Encode(2, 2, PngFixture.Rgba, 8, rows);
        Assert.Equal(Planar((10, 200, 30), (255, 255, 255), (244, 224, 214), (5, 5, 5)), Decode(png, 2));
    }

    [Fact]
    public void Cmyk_jpeg_is_converted_to_rgb()
    {
        // Adobe CMYK is stored inverted (255 = no ink); ImageSharp gives R = C·K/255, G = M·K/255, B = Y·K/255.
        var white = Decode(CmykJpegFixture.Encode(255, 255, 255, 255), 8);
        var magenta = Decode(CmykJpegFixture.Encode(255, 0, 255, 255), 8);
        var dimmed = Decode(CmykJpegFixture.Encode(255, 255, 0, 51), 8);
        Assert.All(white, b => Assert.Equal(255, b));
        Assert.Equal((255, 0, 255), (magenta[0], magenta[64], magenta[128]));
        Assert.Equal((51, 51, 0), (dimmed[0], dimmed[64], dimmed[128]));
        Assert.Equal(3 * 64, dimmed.Length);
    }

    [Fact]
    public void Images_are_resized_to_the_configured_size_in_planar_order()
    {
        var pixels = Decode(PngFixture.Solid(20, 10, 20, 30), 8);
        Assert.Equal(3 * 8 * 8, pixels.Length);
        Assert.All(pixels[..64], b => Assert.Equal(10, b));
        Assert.All(pixels[64..128], b => Assert.Equal(20, b));
        Assert.All(pixels[128..], b => Assert.Equal(30, b));
    }

    [Fact]
    public void Zero_bytes()
    {
        using var dir = new TempFolder();
        var path = dir.File("empty.png");
        File.WriteAllBytes(path, []);
        Assert.Equal("zero bytes", Loader(8).LoadFile(path).Problem);
    }

    [Fact]
    public void Truncated_png()
    {
        var png = PngFixture.Noise(16, 1);
        int cut = png.Length / 2;
        var problem = Loader(8).Decode(png[..cut]).Problem;
        // The IDAT chunk starts after the signature (8), IHDR (25) and its own 8-byte header.
        int idatLength = png.Length - 8 - 25 - 12 - 12;
        Assert.Equal($"truncated: the file ends inside the IDAT chunk ({cut} of {8 + 25 + 12 + idatLength} bytes)", problem);
    }

    [Fact]
    public void Png_without_its_end_chunk_is_truncated()
    {
        var png = PngFixture.Noise(16, 2);
        Assert.Equal("truncated: the file has no IEND chunk", Loader(8).Decode(png[..^12]).Problem);
    }

    [Fact]
    public void Truncated_jpeg()
    {
        var jpeg = CmykJpegFixture.Encode(10, 20, 30, 40);
        Assert.Equal("truncated: the file does not end with the JPEG end-of-image marker", Loader(8).Decode(jpeg[..^3]).Problem);
    }

    [Fact]
    public void Text_named_png_is_not_an_image()
    {
        var text = "image_id,label\ntrain_1,beans\n"u8.ToArray();
        Assert.Equal("not an image: the content matches no supported image format", Loader(8).Decode(text).Problem);
    }

    [Fact]
    public void Absurd_dimensions_are_rejected_from_the_header()
    {
        var png = PngFixture.Encode(1, 1, PngFixture.Rgb, 8, [1, 2, 3], headerWidth: 100_000, headerHeight: 100_000);
        Assert.Equal("over the size limit: 100000x100000 px (limits: 8192x8192)", Loader(8).Decode(png).Problem);
    }

    [Fact]
    public void Files_over_the_byte_limit_are_rejected_before_reading()
    {
        using var dir = new TempFolder();
        var path = dir.File("big.png");
        File.WriteAllBytes(path, PngFixture.Noise(32, 3));
        var loader = new ImageLoader(new ImageLimitsConfig { MaxBytes = 1000 }, 8, "bicubic");
        Assert.Equal($"over the size limit: {new FileInfo(path).Length} bytes (limits.max_bytes: 1000)", loader.LoadFile(path).Problem);
    }

    [Fact]
    public void A_known_but_unsupported_format_says_so()
    {
        byte[] psd = [(byte)'8', (byte)'B', (byte)'P', (byte)'S', 0, 1, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 16, 0, 0, 0, 16, 0, 8, 0, 3];
        Assert.Equal("unsupported format: Photoshop PSD", Loader(8).Decode(psd).Problem);
    }

    [Fact]
    public void A_png_with_a_bad_checksum_or_stream_is_corrupt()
    {
        var png = PngFixture.Noise(16, 4);
        // Flip bytes inside the compressed data: the chunk structure is intact, the content is not.
        for (int i = 60; i < 70; i++)
        {
            png[i] ^= 0x5A;
        }

        var problem = Loader(8).Decode(png).Problem;
        Assert.NotNull(problem);
        Assert.StartsWith("corrupt: ", problem, StringComparison.Ordinal);
    }
}

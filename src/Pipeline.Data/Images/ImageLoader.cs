using System.Buffers.Binary;
using Pipeline.Data.Configuration;
using Pipeline.Data.Sources;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.Memory;
using SixLabors.ImageSharp.Metadata;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using SixLabors.ImageSharp.Processing.Processors.Transforms;
using ImageSharpConfiguration = SixLabors.ImageSharp.Configuration;

namespace Pipeline.Data.Images;

/// <summary>
/// Decodes an image file (or in-memory pixels) into 8-bit planar RGB of a fixed square size.
/// Every colour type ImageSharp decodes (grey, grey+alpha, palette, 16-bit, RGBA, CMYK/YCCK JPEG) is
/// first converted to 8-bit RGBA by ImageSharp (16-bit values are rounded to 8 bits); alpha is then
/// composited over white, because product photos with transparency are cut-outs whose empty area
/// is meant to be background, and black (what dropping alpha usually gives) is a misleading
/// colour for that. Images are resized straight to size×size with the configured resampler
/// (the competition images are square, so no aspect handling is needed; other shapes are stretched).
/// A bad file gives a <see cref="LoadResult.Failure"/> whose reason starts with one of: zero bytes,
/// truncated, not an image, unsupported format, over the size limit, corrupt.
/// </summary>
public sealed class ImageLoader
{
    private readonly ImageSharpConfiguration _configuration;
    private readonly ImageLimitsConfig _limits;
    private readonly IResampler _resampler;

    /// <summary>Creates a loader writing <paramref name="size"/>×<paramref name="size"/> images with the named resampler.</summary>
    public ImageLoader(ImageLimitsConfig limits, int size, string resampler)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        _limits = limits;
        Size = size;
        _resampler = Resampler(resampler);
        _configuration = CreateConfiguration(limits);
    }

    /// <summary>Side of the output images.</summary>
    public int Size { get; }

    /// <summary>The ImageSharp resampler for a data.yaml <c>resampler</c> name.</summary>
    public static IResampler Resampler(string name) => name switch
    {
        "bicubic" => KnownResamplers.Bicubic,
        "bilinear" => KnownResamplers.Triangle,
        "lanczos3" => KnownResamplers.Lanczos3,
        "nearest" => KnownResamplers.NearestNeighbor,
        _ => throw new ArgumentException($"resampler '{name}' is not one of bicubic, bilinear, lanczos3, nearest.", nameof(name)),
    };

    /// <summary>Loads one image of a source.</summary>
    public LoadResult Load(LabelledImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Raw is { } raw)
        {
            return LoadRaw(raw);
        }

        return LoadFile(image.FilePath ?? throw new ArgumentException($"Image '{image.Id}' has neither a file nor pixels.", nameof(image)));
    }

    /// <summary>Loads an image file; problems come back as a failure, never as an exception.</summary>
    public LoadResult LoadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        long length;
        try
        {
            length = new FileInfo(path).Length;
        }
        catch (FileNotFoundException)
        {
            return LoadResult.Failure("missing: the file does not exist");
        }
        if (length == 0)
        {
            return LoadResult.Failure("zero bytes");
        }

        if (length > _limits.MaxBytes)
        {
            return LoadResult.Failure($"over the size limit: {length} bytes (limits.max_bytes: {_limits.MaxBytes})");
        }

        var bytes = File.ReadAllBytes(path);
        return Decode(bytes);
    }

    /// <summary>Decodes encoded image bytes (any format ImageSharp reads).</summary>
    public LoadResult Decode(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length == 0)
        {
            return LoadResult.Failure("zero bytes");
        }

        if (KnownUnsupported(bytes) is { } unsupported)
        {
            return LoadResult.Failure($"unsupported format: {unsupported}");
        }

        IImageInfo? info;
        IImageFormat? format;
        try
        {
            // Identify reads only the header, so an absurd size is rejected before any pixel memory is taken.
            info = Image.Identify(_configuration, bytes, out format);
        }
        catch (Exception e) when (e is ImageFormatException or NotSupportedException or InvalidDataException or EndOfStreamException)
        {
            return Classify(e);
        }
        if (info is null || format is null)
        {
            return LoadResult.Failure("not an image: the content matches no supported image format");
        }

        if (info.Width > _limits.MaxWidth || info.Height > _limits.MaxHeight)
        {
            return LoadResult.Failure($"over the size limit: {info.Width}x{info.Height} px (limits: {_limits.MaxWidth}x{_limits.MaxHeight})");
        }

        if (info.Width <= 0 || info.Height <= 0)
        {
            return LoadResult.Failure($"corrupt: the header gives a size of {info.Width}x{info.Height} px");
        }

        if (Truncation(bytes, format) is { } truncated)
        {
            return LoadResult.Failure($"truncated: {truncated}");
        }

        try
        {
            using var image = Image.Load<Rgba32>(_configuration, bytes);
            return LoadResult.Success(Finish(image));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Decoders of crafted files fail in many ways (format, range, argument errors); each is a property
            // of the file, so it is reported against the file instead of stopping the whole stage.
            return Classify(e);
        }
    }

    /// <summary>Converts in-memory pixels (grey or RGB, interleaved) the same way as a decoded file.</summary>
    public LoadResult LoadRaw(RawImage raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        if (raw.Channels is not (1 or 3) || raw.Pixels.Length != raw.Width * raw.Height * raw.Channels)
        {
            return LoadResult.Failure($"corrupt: {raw.Pixels.Length} bytes do not make a {raw.Width}x{raw.Height}x{raw.Channels} image");
        }

        using var image = new Image<Rgba32>(_configuration, raw.Width, raw.Height);
        image.ProcessPixelRows(accessor =>
        {
            for (int y = 0; y < accessor.Height; y++)
            {
                var row = accessor.GetRowSpan(y);
                for (int x = 0; x < row.Length; x++)
                {
                    int at = (y * raw.Width + x) * raw.Channels;
                    row[x] = raw.Channels == 1
                        ? new Rgba32(raw.Pixels[at], raw.Pixels[at], raw.Pixels[at], 255)
                        : new Rgba32(raw.Pixels[at], raw.Pixels[at + 1], raw.Pixels[at + 2], 255);
                }
            }
        });
        return LoadResult.Success(Finish(image));
    }

    private byte[] Finish(Image<Rgba32> image)
    {
        CompositeOverWhite(image);
        if (image.Width != Size || image.Height != Size)
        {
            image.Mutate(x => x.Resize(new ResizeOptions { Size = new SixLabors.ImageSharp.Size(Size, Size), Mode = ResizeMode.Stretch, Sampler = _resampler }));
        }

        return ToPlanar(image);
    }

    private static void CompositeOverWhite(Image<Rgba32> image)
    {
        image.ProcessPixelRows(accessor =>
        {
            for (int y = 0; y < accessor.Height; y++)
            {
                foreach (ref var p in accessor.GetRowSpan(y))
                {
                    if (p.A == 255)
                    {
                        continue;
                    }

                    int a = p.A, inverse = 255 - a;
                    // Integer "over" with rounding: c*a/255 + 255*(255-a)/255.
                    p = new Rgba32((byte)((p.R * a + 255 * inverse + 127) / 255), (byte)((p.G * a + 255 * inverse + 127) / 255), (byte)((p.B * a + 255 * inverse + 127) / 255), 255);
                }
            }
        });
    }

    private static byte[] ToPlanar(Image<Rgba32> image)
    {
        int width = image.Width, height = image.Height, plane = width * height;
        var planar = new byte[3 * plane];
        image.ProcessPixelRows(accessor =>
        {
            for (int y = 0; y < height; y++)
            {
                var row = accessor.GetRowSpan(y);
                for (int x = 0; x < width; x++)
                {
                    int at = y * width + x;
                    planar[at] = row[x].R;
                    planar[plane + at] = row[x].G;
                    planar[2 * plane + at] = row[x].B;
                }
            }
        });
        return planar;
    }

    private static LoadResult Classify(Exception e)
    {
        if (e is EndOfStreamException || e.InnerException is EndOfStreamException || e.Message.Contains("end of stream", StringComparison.OrdinalIgnoreCase))
        {
            return LoadResult.Failure($"truncated: {e.Message}");
        }

        if (e is UnknownImageFormatException)
        {
            return LoadResult.Failure("not an image: the content matches no supported image format");
        }

        if (e is NotSupportedException || e.Message.Contains("not supported", StringComparison.OrdinalIgnoreCase))
        {
            return LoadResult.Failure($"unsupported format: {e.Message}");
        }

        if (e is InvalidMemoryOperationException)
        {
            return LoadResult.Failure($"over the size limit: decoding needs more memory than allowed ({e.Message})");
        }

        if (e is ImageFormatException or InvalidDataException)
        {
            return LoadResult.Failure($"corrupt: {e.Message}");
        }

        return LoadResult.Failure($"corrupt: {e.GetType().Name}: {e.Message}");
    }

    private static string? KnownUnsupported(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith("8BPS"u8))
        {
            return "Photoshop PSD";
        }

        if (bytes.Length >= 12 && bytes[4..8].SequenceEqual("ftyp"u8))
        {
            return $"ISO media ({System.Text.Encoding.ASCII.GetString(bytes[8..12])}: HEIF/AVIF)";
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0, 0, 0, 0x0C, (byte)'j', (byte)'P', 0x20, 0x20]))
        {
            return "JPEG 2000";
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0x0A]) || bytes.StartsWith((ReadOnlySpan<byte>)[0, 0, 0, 0x0C, (byte)'J', (byte)'X', (byte)'L', 0x20]))
        {
            return "JPEG XL";
        }

        if (bytes.StartsWith("%PDF"u8))
        {
            return "PDF";
        }

        return null;
    }

    // ImageSharp fills in the missing rows of some truncated files instead of failing, so the
    // container structure is checked first: a PNG must end with a complete IEND chunk, a JPEG with EOI.
    private static string? Truncation(ReadOnlySpan<byte> bytes, IImageFormat format)
    {
        if (format.Name == "PNG")
        {
            long position = 8;
            while (position < bytes.Length)
            {
                if (position + 8 > bytes.Length)
                {
                    return $"the file ends inside a chunk header at byte {position}";
                }

                uint length = BinaryPrimitives.ReadUInt32BigEndian(bytes[(int)position..]);
                var type = System.Text.Encoding.ASCII.GetString(bytes.Slice((int)position + 4, 4));
                long end = position + 12 + length;
                if (end > bytes.Length)
                {
                    return $"the file ends inside the {type} chunk ({bytes.Length} of {end} bytes)";
                }

                if (type == "IEND")
                {
                    return null;
                }

                position = end;
            }
            return "the file has no IEND chunk";
        }
        if (format.Name == "JPEG")
        {
            int end = bytes.Length;
            while (end > 2 && bytes[end - 1] == 0)
            {
                end--;
            }

            if (end < 4 || bytes[end - 2] != 0xFF || bytes[end - 1] != 0xD9)
            {
                return "the file does not end with the JPEG end-of-image marker";
            }
        }
        return null;
    }

    private static ImageSharpConfiguration CreateConfiguration(ImageLimitsConfig limits)
    {
        var configuration = ImageSharpConfiguration.Default.Clone();
        // Callers decode many images in parallel; nested parallelism inside each decode only adds overhead.
        configuration.MaxDegreeOfParallelism = 1;
        // 8 bytes a pixel covers the widest intermediate (Rgba64 for 16-bit files) at the largest accepted size.
        long limitBytes = (long)limits.MaxWidth * limits.MaxHeight * 8 * 2;
        configuration.MemoryAllocator = MemoryAllocator.Create(new MemoryAllocatorOptions
        {
            AllocationLimitMegabytes = (int)Math.Clamp(limitBytes >> 20, 64, 16_384),
            MaximumPoolSizeMegabytes = 64,
        });
        // Only the first frame is used; decoding every frame of an animation would waste memory.
        configuration.ImageFormatsManager.SetDecoder(GifFormat.Instance, new GifDecoder { DecodingMode = FrameDecodingMode.First, MaxFrames = 1 });
        configuration.ImageFormatsManager.SetDecoder(TiffFormat.Instance, new TiffDecoder { DecodingMode = FrameDecodingMode.First });
        return configuration;
    }
}

using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Pipeline.Tests.Data;

/// <summary>
/// Writes PNG files byte by byte, so tests control the colour type, bit depth, palette, transparency
/// and even a header that lies about the size, independently of the decoder under test.
/// </summary>
internal static class PngFixture
{
    public const byte Grey = 0, Rgb = 2, Palette = 3, GreyAlpha = 4, Rgba = 6;

    private static readonly uint[] CrcTable = BuildCrcTable();

    /// <summary>
    /// Encodes an image whose rows are given without filter bytes (each row: width × samples × bytes per sample,
    /// 16-bit samples big-endian). <paramref name="headerWidth"/>/<paramref name="headerHeight"/> override IHDR only.
    /// </summary>
    public static byte[] Encode(int width, int height, byte colorType, byte bitDepth, byte[] rows,
        byte[]? palette = null, byte[]? transparency = null, int? headerWidth = null, int? headerHeight = null)
    {
        var output = new MemoryStream();
        output.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, headerWidth ?? width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), headerHeight ?? height);
        ihdr[8] = bitDepth;
        ihdr[9] = colorType;
        Chunk(output, "IHDR", ihdr);
        if (palette is not null)
        {
            Chunk(output, "PLTE", palette);
        }

        if (transparency is not null)
        {
            Chunk(output, "tRNS", transparency);
        }

        int stride = rows.Length / height;
        var raw = new MemoryStream();
        for (int y = 0; y < height; y++)
        {
            raw.WriteByte(0);
            raw.Write(rows, y * stride, stride);
        }
        var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(raw.ToArray());
        }

        Chunk(output, "IDAT", compressed.ToArray());
        Chunk(output, "IEND", []);
        return output.ToArray();
    }

    /// <summary>An 8-bit RGB image filled with seeded noise (so it does not compress to nothing).</summary>
    public static byte[] Noise(int size, int seed)
    {
        var rows = new byte[size * size * 3];
        new Random(seed).NextBytes(rows);
        return Encode(size, size, Rgb, 8, rows);
    }

    /// <summary>An 8-bit RGB image of one colour.</summary>
    public static byte[] Solid(int size, byte r, byte g, byte b)
    {
        var rows = new byte[size * size * 3];
        for (int i = 0; i < size * size; i++)
        {
            (rows[3 * i], rows[3 * i + 1], rows[3 * i + 2]) = (r, g, b);
        }

        return Encode(size, size, Rgb, 8, rows);
    }

    private static void Chunk(Stream output, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        output.Write(length);
        var typeBytes = Encoding.ASCII.GetBytes(type);
        output.Write(typeBytes);
        output.Write(data);
        uint crc = 0xFFFFFFFF;
        foreach (var b in typeBytes.Concat(data))
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        Span<byte> crcBytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crcBytes, crc ^ 0xFFFFFFFF);
        output.Write(crcBytes);
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }
        return table;
    }
}

namespace Pipeline.Tests.Data;

/// <summary>
/// Writes a baseline JPEG of one 8×8 block with four components (CMYK, with an Adobe APP14 marker,
/// transform 0), filled with one colour. ImageSharp cannot encode CMYK, so the bytes are built here:
/// quantisation table all ones and only DC coefficients, so the decoded samples are exactly the
/// stored ones. Huffman tables: DC categories 0-11 as 4-bit codes, AC a single 1-bit end-of-block code.
/// </summary>
internal static class CmykJpegFixture
{
    public static byte[] Encode(byte c, byte m, byte y, byte k)
    {
        var output = new MemoryStream();
        output.Write([0xFF, 0xD8]);
        // APP14 "Adobe", version 100, flags 0, transform 0 (stored as CMYK, not YCCK).
        output.Write([0xFF, 0xEE, 0x00, 0x0E, (byte)'A', (byte)'d', (byte)'o', (byte)'b', (byte)'e', 0x00, 0x64, 0x00, 0x00, 0x00, 0x00, 0x00]);
        output.Write([0xFF, 0xDB, 0x00, 0x43, 0x00]);
        output.Write(Enumerable.Repeat((byte)1, 64).ToArray());
        output.Write([0xFF, 0xC0, 0x00, 0x14, 0x08, 0x00, 0x08, 0x00, 0x08, 0x04]);
        for (byte id = 1; id <= 4; id++)
        {
            output.Write([id, 0x11, 0x00]);
        }

        var dcBits = new byte[16];
        dcBits[3] = 12;
        var acBits = new byte[16];
        acBits[0] = 1;
        output.Write([0xFF, 0xC4, 0x00, 0x31, 0x00]);
        output.Write(dcBits);
        output.Write(Enumerable.Range(0, 12).Select(i => (byte)i).ToArray());
        output.WriteByte(0x10);
        output.Write(acBits);
        output.WriteByte(0x00);
        output.Write([0xFF, 0xDA, 0x00, 0x0E, 0x04, 0x01, 0x00, 0x02, 0x00, 0x03, 0x00, 0x04, 0x00, 0x00, 0x3F, 0x00]);

        var bits = new BitWriter(output);
        foreach (var sample in new[] { c, m, y, k })
        {
            // A flat block's DC coefficient is 8 × (sample - 128); with quantiser 1 it is stored as is.
            int dc = 8 * (sample - 128);
            int category = dc == 0 ? 0 : 32 - int.LeadingZeroCount(Math.Abs(dc));
            bits.Write(category, 4);
            if (category > 0)
            {
                bits.Write(dc > 0 ? dc : dc + (1 << category) - 1, category);
            }

            bits.Write(0, 1);
        }
        bits.Flush();
        output.Write([0xFF, 0xD9]);
        return output.ToArray();
    }

    private sealed class BitWriter(Stream output)
    {
        private int _buffer, _count;

        public void Write(int value, int length)
        {
            for (int i = length - 1; i >= 0; i--)
            {
                _buffer = (_buffer << 1) | ((value >> i) & 1);
                if (++_count == 8)
                {
                    Emit();
                }
            }
        }

        public void Flush()
        {
            while (_count != 0)
            {
                _buffer = (_buffer << 1) | 1;
                if (++_count == 8)
                {
                    Emit();
                }
            }
        }

        private void Emit()
        {
            output.WriteByte((byte)_buffer);
            // Byte stuffing: a 0xFF in entropy-coded data is followed by 0x00.
            if (_buffer == 0xFF)
            {
                output.WriteByte(0);
            }

            _buffer = 0;
            _count = 0;
        }
    }
}

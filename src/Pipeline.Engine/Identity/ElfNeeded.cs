using System.Buffers.Binary;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Pipeline.Engine;

/// <summary>
/// The <c>DT_NEEDED</c> entries of an ELF64 little-endian shared library: the libraries the dynamic loader loads
/// with it. Read through the program headers at the start of the file, so a 460 MB library costs a few reads.
/// </summary>
public static class ElfNeeded
{
    private const uint PtLoad = 1;
    private const uint PtDynamic = 2;
    private const long DtNull = 0;
    private const long DtNeeded = 1;
    private const long DtStrtab = 5;
    private const long DtStrsz = 10;

    /// <summary>The needed library names, in the file's order; empty for a file that is not ELF64 little-endian.</summary>
    public static IReadOnlyList<string> Read(string path)
    {
        using var file = File.OpenHandle(path);
        var header = ReadAt(file, 0, 64);
        if (header.Length < 64 || header[0] != 0x7f || header[1] != (byte)'E' || header[2] != (byte)'L' || header[3] != (byte)'F' || header[4] != 2 || header[5] != 1)
        {
            return [];
        }

        var tableOffset = (long)BinaryPrimitives.ReadUInt64LittleEndian(header.AsSpan(0x20));
        var entrySize = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(0x36));
        var count = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(0x38));
        var table = ReadAt(file, tableOffset, entrySize * count);
        var loads = new List<(ulong Address, ulong Offset, ulong Size)>();
        (long Offset, long Size)? dynamic = null;
        for (var i = 0; i < count; i++)
        {
            var entry = table.AsSpan(i * entrySize, entrySize);
            var type = BinaryPrimitives.ReadUInt32LittleEndian(entry);
            var offset = BinaryPrimitives.ReadUInt64LittleEndian(entry[0x08..]);
            var address = BinaryPrimitives.ReadUInt64LittleEndian(entry[0x10..]);
            var size = BinaryPrimitives.ReadUInt64LittleEndian(entry[0x20..]);
            if (type == PtLoad)
            {
                loads.Add((address, offset, size));
            }
            else if (type == PtDynamic)
            {
                dynamic = ((long)offset, (long)size);
            }
        }

        if (dynamic is not { } segment)
        {
            return [];
        }

        var entries = ReadAt(file, segment.Offset, (int)segment.Size);
        var needed = new List<long>();
        ulong strtab = 0, strsz = 0;
        for (var at = 0; at + 16 <= entries.Length; at += 16)
        {
            var tag = BinaryPrimitives.ReadInt64LittleEndian(entries.AsSpan(at));
            var value = BinaryPrimitives.ReadUInt64LittleEndian(entries.AsSpan(at + 8));
            if (tag == DtNull)
            {
                break;
            }

            switch (tag)
            {
                case DtNeeded: needed.Add((long)value); break;
                case DtStrtab: strtab = value; break;
                case DtStrsz: strsz = value; break;
            }
        }

        var load = loads.FirstOrDefault(l => strtab >= l.Address && strtab < l.Address + l.Size);
        if (needed.Count == 0 || strsz == 0 || load.Size == 0)
        {
            return [];
        }

        var strings = ReadAt(file, (long)(strtab - load.Address + load.Offset), (int)strsz);
        return needed.Select(offset =>
        {
            var end = Array.IndexOf(strings, (byte)0, (int)offset);
            return Encoding.UTF8.GetString(strings, (int)offset, (end < 0 ? strings.Length : end) - (int)offset);
        }).ToList();
    }

    private static byte[] ReadAt(SafeFileHandle file, long offset, int length)
    {
        var buffer = new byte[length];
        var total = 0;
        while (total < length)
        {
            var read = RandomAccess.Read(file, buffer.AsSpan(total), offset + total);
            if (read == 0)
            {
                return buffer[..total];
            }

            total += read;
        }

        return buffer;
    }
}

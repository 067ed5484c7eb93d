using System.Buffers.Binary;
using System.Text;
using Pipeline.Foundation;

namespace Pipeline.Runtime;

/// <summary>
/// Makes TorchSharp 0.107's native bridge load on systems whose libstdc++ predates GCC 13
/// (Debian 12). libLibTorchSharp.so declares a need for symbol version GLIBCXX_3.4.32, but only
/// one symbol carries it and no relocation uses it, so the need can be marked weak
/// (VER_FLG_WEAK in its Vernaux entry). Only the build-output copy is ever patched.
/// </summary>
public static class LibTorchSharpPatcher
{
    public const string LibraryName = "libLibTorchSharp.so";
    public const string RequiredVersion = "GLIBCXX_3.4.32";

    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlagWeak = 0x2;

    private static readonly string[] LibStdCxxCandidates =
    [
        "/usr/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/usr/lib64/libstdc++.so.6",
        "/usr/lib/libstdc++.so.6",
    ];

    /// <summary>PatchOutcome of <see cref="EnsureLoadable"/>, for logging and tests.</summary>
    public enum PatchOutcome
    {
        NotLinux,
        LibraryAbsent,
        SystemHasVersion,
        AlreadyPatched,
        Patched,
        VersionNotReferenced,
    }

    /// <summary>Patches <paramref name="directory"/>/libLibTorchSharp.so when the system libstdc++ lacks the version.</summary>
    public static PatchOutcome EnsureLoadable(string directory, Action<string>? log = null)
    {
        if (!OperatingSystem.IsLinux())
        {
            return PatchOutcome.NotLinux;
        }

        var library = Path.Combine(directory, LibraryName);
        if (!File.Exists(library))
        {
            return PatchOutcome.LibraryAbsent;
        }

        if (SystemLibStdCxxHas(RequiredVersion))
        {
            return PatchOutcome.SystemHasVersion;
        }

        var outcome = PatchFile(library);
        if (outcome == PatchOutcome.Patched)
        {
            log?.Invoke($"native: marked {RequiredVersion} weak in {library} (system libstdc++ lacks it; see docs/native.md)");
        }

        return outcome;
    }

    /// <summary>True when a libstdc++ on this system defines <paramref name="version"/>.</summary>
    public static bool SystemLibStdCxxHas(string version)
    {
        var needle = Encoding.ASCII.GetBytes(version + "\0");
        foreach (var candidate in LibStdCxxCandidates)
        {
            if (File.Exists(candidate))
            {
                return File.ReadAllBytes(candidate).AsSpan().IndexOf(needle) >= 0;
            }
        }

        return false;
    }

    /// <summary>Sets VER_FLG_WEAK on the <see cref="RequiredVersion"/> need of an ELF64 file; atomic replace.</summary>
    public static PatchOutcome PatchFile(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var offset = FindVernauxFlagsOffset(bytes, RequiredVersion);
        if (offset < 0)
        {
            return PatchOutcome.VersionNotReferenced;
        }

        var flags = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(offset));
        if ((flags & VerFlagWeak) != 0)
        {
            return PatchOutcome.AlreadyPatched;
        }

        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(offset), (ushort)(flags | VerFlagWeak));
        AtomicFile.WriteAllBytes(path, bytes);
        return PatchOutcome.Patched;
    }

    /// <summary>Reads the weak flag back; used by tests and diagnostics. Null when the version is not referenced.</summary>
    public static bool? IsWeak(string path, string version = RequiredVersion)
    {
        var bytes = File.ReadAllBytes(path);
        var offset = FindVernauxFlagsOffset(bytes, version);
        return offset < 0 ? null : (BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(offset)) & VerFlagWeak) != 0;
    }

    /// <summary>File offset of vna_flags of the Vernaux entry naming <paramref name="version"/>, or -1.</summary>
    public static int FindVernauxFlagsOffset(ReadOnlySpan<byte> elf, string version)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
        {
            throw new InvalidDataException("not an ELF file");
        }

        if (elf[4] != 2 || elf[5] != 1)
        {
            throw new InvalidDataException("only little-endian ELF64 is supported");
        }

        var sectionTable = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(elf[0x28..]));
        var sectionSize = BinaryPrimitives.ReadUInt16LittleEndian(elf[0x3A..]);
        var sectionCount = BinaryPrimitives.ReadUInt16LittleEndian(elf[0x3C..]);
        var wanted = Encoding.ASCII.GetBytes(version);

        for (var i = 0; i < sectionCount; i++)
        {
            var header = elf.Slice(sectionTable + (i * sectionSize), sectionSize);
            if (BinaryPrimitives.ReadUInt32LittleEndian(header[4..]) != ShtGnuVerneed)
            {
                continue;
            }

            var start = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(header[0x18..]));
            var link = (int)BinaryPrimitives.ReadUInt32LittleEndian(header[0x28..]);
            var needCount = (int)BinaryPrimitives.ReadUInt32LittleEndian(header[0x2C..]);
            var strings = elf.Slice(sectionTable + (link * sectionSize), sectionSize);
            var stringsStart = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(strings[0x18..]));

            var need = start;
            for (var n = 0; n < needCount; n++)
            {
                var auxCount = BinaryPrimitives.ReadUInt16LittleEndian(elf[(need + 2)..]);
                var aux = need + (int)BinaryPrimitives.ReadUInt32LittleEndian(elf[(need + 8)..]);
                for (var a = 0; a < auxCount; a++)
                {
                    var name = stringsStart + (int)BinaryPrimitives.ReadUInt32LittleEndian(elf[(aux + 8)..]);
                    var end = elf[name..].IndexOf((byte)0);
                    if (elf.Slice(name, end).SequenceEqual(wanted))
                    {
                        return aux + 4;
                    }

                    aux += (int)BinaryPrimitives.ReadUInt32LittleEndian(elf[(aux + 12)..]);
                }

                need += (int)BinaryPrimitives.ReadUInt32LittleEndian(elf[(need + 12)..]);
            }
        }

        return -1;
    }
}

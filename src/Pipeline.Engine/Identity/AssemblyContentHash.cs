using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Pipeline.Engine;

/// <summary>
/// Hash of what a .NET assembly contains: its whole file with the bytes that only describe the build zeroed
/// first. Those are the module version id (MVID), the PE time stamp and checksum, the debug directory and what
/// it points at (the PDB path, PDB id and checksum), and the strong-name signature. The compiler derives all
/// of them from the content or from the checkout path, so zeroing them makes the hash independent of the folder
/// a clone sits in, and of edits that only move source lines (comments), while any change to code, metadata or
/// resources still changes it.
/// </summary>
public static class AssemblyContentHash
{
    /// <summary>The hash of the assembly at <paramref name="path"/>.</summary>
    public static string Of(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Normalise(bytes, path);
        return ContentHasher.HashBytes(bytes);
    }

    /// <summary>Zeroes the build-describing bytes of a PE image in place.</summary>
    public static void Normalise(byte[] image, string path)
    {
        ArgumentNullException.ThrowIfNull(image);
        var regions = new List<(int Offset, int Length)>();
        using (var reader = new PEReader(new MemoryStream(image, writable: false)))
        {
            var headers = reader.PEHeaders;
            if (!reader.HasMetadata || headers.PEHeader is null || headers.CorHeader is null)
            {
                throw new InvalidDataException($"{path}: not a .NET assembly (no CLI header)");
            }

            // COFF time stamp (deterministic builds derive it from the content hash) and the optional header's checksum.
            regions.Add((headers.CoffHeaderStartOffset + 4, 4));
            regions.Add((headers.PEHeaderStartOffset + 64, 4));

            if (headers.TryGetDirectoryOffset(headers.PEHeader.DebugTableDirectory, out var debugTable))
            {
                regions.Add((debugTable, headers.PEHeader.DebugTableDirectory.Size));
                foreach (var entry in reader.ReadDebugDirectory())
                {
                    if (entry.DataPointer > 0 && entry.DataSize > 0)
                    {
                        regions.Add((entry.DataPointer, entry.DataSize));
                    }
                }
            }

            if (headers.TryGetDirectoryOffset(headers.CorHeader.StrongNameSignatureDirectory, out var signature))
            {
                regions.Add((signature, headers.CorHeader.StrongNameSignatureDirectory.Size));
            }

            var metadata = reader.GetMetadataReader();
            var mvid = metadata.GetModuleDefinition().Mvid;
            if (!mvid.IsNil)
            {
                var index = MetadataTokens.GetHeapOffset(mvid);
                var guidHeap = headers.MetadataStartOffset + metadata.GetHeapMetadataOffset(HeapIndex.Guid);
                regions.Add((guidHeap + ((index - 1) * 16), 16));
            }
        }

        foreach (var (offset, length) in regions)
        {
            if (offset < 0 || length < 0 || offset + length > image.Length)
            {
                throw new InvalidDataException($"{path}: a PE region ({offset}+{length}) lies outside the file");
            }

            Array.Clear(image, offset, length);
        }
    }
}

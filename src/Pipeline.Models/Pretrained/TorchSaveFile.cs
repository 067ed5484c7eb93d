using System.Buffers.Binary;
using System.IO.Compression;
using System.Numerics;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Models.Pretrained;

/// <summary>
/// A file written by <c>torch.save</c>, in either of its layouts, read without Python:
/// <list type="bullet">
/// <item>zip (PyTorch 1.6 and later): <c>&lt;name&gt;/data.pkl</c> holds the pickle, <c>&lt;name&gt;/data/&lt;key&gt;</c> each storage's raw bytes;</item>
/// <item>legacy (before 1.6, or <c>_use_new_zipfile_serialization=False</c>): pickles of the magic number, the format
/// version and the system info, then the object's pickle, then the pickled list of storage keys, then for each key an
/// int64 element count and the raw bytes.</item>
/// </list>
/// In both, a tensor is pickled as a call of <c>torch._utils._rebuild_tensor_v2(storage, offset, size, stride, …)</c>
/// whose storage is a persistent id <c>('storage', torch.FloatStorage, key, location, numel[, view])</c>. The
/// object comes back as plain pickle data with <see cref="TorchTensorRef"/> in place of each tensor; tensors are
/// read from the file only when <see cref="Materialize"/> asks for them.
/// </summary>
internal sealed class TorchSaveFile : IDisposable
{
    // torch/serialization.py: the legacy format starts with this number, then protocol version 1001.
    private static readonly BigInteger LegacyMagic = BigInteger.Parse("119547037146038801333356", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>How to turn a legacy file into the zip format, quoted in errors.</summary>
    public const string ConvertHint = "python3 -c \"import torch; torch.save(torch.load('IN.pth', map_location='cpu'), 'OUT.pth')\" (PyTorch 1.6 or later writes the zip format)";

    private readonly string path;
    private readonly FileStream stream;
    private readonly ZipArchive? archive;
    private readonly string? prefix;
    private readonly Dictionary<string, long> legacyOffsets = [];
    private readonly Dictionary<string, Tensor> storages = [];

    private TorchSaveFile(string path, FileStream stream, ZipArchive? archive, string? prefix)
    {
        this.path = path;
        this.stream = stream;
        this.archive = archive;
        this.prefix = prefix;
    }

    /// <summary>"zip" or "legacy".</summary>
    public string Format => archive is null ? "legacy" : "zip";

    /// <summary>The saved object: <see cref="PickleDict"/>, <see cref="PickleObject"/>, lists, numbers, <see cref="TorchTensorRef"/>s.</summary>
    public object? Root { get; private set; }

    public static TorchSaveFile Open(string path)
    {
        var stream = File.OpenRead(path);
        try
        {
            Span<byte> head = stackalloc byte[4];
            var read = stream.Read(head);
            stream.Position = 0;
            if (read == 4 && head.SequenceEqual("PK\u0003\u0004"u8))
            {
                return OpenZip(path, stream);
            }

            if (read >= 2 && head[0] == 0x80)
            {
                return OpenLegacy(path, stream);
            }

            if (stream.Length > 262)
            {
                var ustar = new byte[5];
                stream.Position = 257;
                stream.ReadExactly(ustar);
                if (ustar.AsSpan().SequenceEqual("ustar"u8))
                {
                    throw new InvalidDataException($"{path}: a tar archive, torch.save's format from before PyTorch 0.4, which this reader does not handle; convert it with {ConvertHint}.");
                }
            }
            throw new InvalidDataException($"{path}: not a torch.save file (neither a zip archive nor a pickle).");
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>The tensor a reference stands for: a new contiguous CPU tensor the caller owns.</summary>
    public Tensor Materialize(TorchTensorRef reference)
    {
        var storage = Storage(reference.Storage);
        var end = reference.Offset + reference.Size.Zip(reference.Stride, (n, s) => n == 0 ? 0 : (n - 1) * s).Sum() + 1;
        if (reference.Size.Any(n => n == 0))
        {
            end = reference.Offset;
        }

        if (reference.Offset < 0 || end > reference.Storage.Count)
        {
            throw new InvalidDataException($"{path}: a tensor [{string.Join(", ", reference.Size)}] reaches past its storage '{reference.Storage.Key}' ({reference.Storage.Count} elements).");
        }

        using var view = storage.as_strided(reference.Size, reference.Stride, reference.Offset);
        var result = torch.empty(reference.Size, reference.Storage.DType);
        result.copy_(view);
        return result;
    }

    public void Dispose()
    {
        foreach (var storage in storages.Values)
        {
            storage.Dispose();
        }

        storages.Clear();
        archive?.Dispose();
        stream.Dispose();
    }

    private static TorchSaveFile OpenZip(string path, FileStream stream)
    {
        ZipArchive archive;
        try
        {
            archive = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: a damaged zip archive ({e.Message}).", e);
        }
        try
        {
            var pickles = archive.Entries.Where(e => e.FullName.EndsWith("/data.pkl", StringComparison.Ordinal) && e.FullName.Count(c => c == '/') == 1).ToList();
            if (pickles.Count != 1)
            {
                throw new InvalidDataException($"{path}: a zip archive without exactly one <name>/data.pkl, so not a torch.save file.");
            }

            var prefix = pickles[0].FullName[..^"/data.pkl".Length];
            if (archive.GetEntry($"{prefix}/constants.pkl") is not null || archive.Entries.Any(e => e.FullName.StartsWith($"{prefix}/code/", StringComparison.Ordinal)))
            {
                throw new InvalidDataException($"{path}: a TorchScript archive (torch.jit.save), not a state dict; save the weights with torch.save(model.state_dict(), 'OUT.pth').");
            }

            if (archive.GetEntry($"{prefix}/byteorder") is { } order)
            {
                using var reader = new StreamReader(order.Open());
                var text = reader.ReadToEnd().Trim();
                if (text != "little")
                {
                    throw new InvalidDataException($"{path}: tensors stored in '{text}' byte order; only little-endian files are read.");
                }
            }
            var file = new TorchSaveFile(path, stream, archive, prefix);
            using var pickle = pickles[0].Open();
            using var buffered = new BufferedStream(pickle);
            file.Root = new PickleReader(buffered, $"{path} ({pickles[0].FullName})", file.PersistentLoad, Reduce).Load();
            return file;
        }
        catch
        {
            archive.Dispose();
            throw;
        }
    }

    private static TorchSaveFile OpenLegacy(string path, FileStream stream)
    {
        // FileStream buffers reads itself and its Position stays exact, which the raw storages after the pickles need.
        var file = new TorchSaveFile(path, stream, null, null);
        try
        {
            object? Next(Func<object?, object?>? persistent = null) =>
                new PickleReader(stream, path, persistent ?? (_ => throw new InvalidDataException($"{path}: a persistent id outside the object's pickle.")), Reduce).Load();
            var magic = Next();
            if (magic is not BigInteger number || number != LegacyMagic)
            {
                throw new InvalidDataException($"{path}: a pickle, but not one torch.save wrote (it does not start with torch's magic number).");
            }

            if (Next() is not long version || version != 1001)
            {
                throw new InvalidDataException($"{path}: legacy torch.save format version other than 1001; convert it with {ConvertHint}.");
            }

            if (Next() is PickleDict info && info.TryGet("little_endian", out var little) && little is false)
            {
                throw new InvalidDataException($"{path}: written on a big-endian machine; convert it with {ConvertHint}.");
            }

            var references = new Dictionary<string, TorchStorageRef>();
            file.Root = Next(pid =>
            {
                var storage = file.PersistentLoad(pid);
                references.TryAdd(storage.Key, storage);
                return storage;
            });
            if (Next() is not List<object?> keys || keys.Any(k => k is not string))
            {
                throw new InvalidDataException($"{path}: the list of storage keys after the object is missing; the file is not a complete legacy torch.save file.");
            }
            // The raw storages follow the key list.
            var position = stream.Position;
            foreach (string key in keys.Cast<string>())
            {
                if (!references.TryGetValue(key, out var storage))
                {
                    throw new InvalidDataException($"{path}: storage '{key}' is listed but no tensor refers to it.");
                }

                stream.Position = position;
                var countBytes = new byte[8];
                stream.ReadExactly(countBytes);
                var count = BinaryPrimitives.ReadInt64LittleEndian(countBytes);
                if (count != storage.Count)
                {
                    throw new InvalidDataException($"{path}: storage '{key}' holds {count} elements, its tensors say {storage.Count}.");
                }

                file.legacyOffsets[key] = position + 8;
                position += 8 + count * storage.ElementSize;
                if (position > stream.Length)
                {
                    throw new InvalidDataException($"{path}: the file ends inside storage '{key}' (truncated?).");
                }
            }
            return file;
        }
        catch (EndOfStreamException e)
        {
            file.Dispose();
            throw new InvalidDataException($"{path}: the file ends early (truncated?).", e);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    private TorchStorageRef PersistentLoad(object? pid)
    {
        // ('storage', torch.FloatStorage, key, location, numel) in zip files; legacy ones add a view tuple.
        if (pid is not object?[] { Length: >= 5 } tuple || tuple[0] is not "storage" || tuple[1] is not PickleGlobal type || tuple[2] is not string key || tuple[4] is not long count)
        {
            throw new InvalidDataException($"{path}: a persistent id that is not a torch storage reference.");
        }

        if (tuple.Length > 5 && tuple[5] is not null)
        {
            throw new InvalidDataException($"{path}: a storage view (saved by PyTorch before 0.4); convert it with {ConvertHint}.");
        }

        return new TorchStorageRef(key, type.Name, count, TorchStorageRef.TypeOf(type.Name, path));
    }

    private static object? Reduce(PickleGlobal callable, object?[] arguments)
    {
        switch (callable)
        {
            case { Module: "torch._utils", Name: "_rebuild_tensor_v2" or "_rebuild_tensor" }:
                if (arguments is not [TorchStorageRef storage, long offset, object?[] size, object?[] stride, ..])
                {
                    throw new InvalidDataException($"{callable}: unexpected arguments");
                }

                return new TorchTensorRef(storage, offset, size.Cast<long>().ToArray(), stride.Cast<long>().ToArray());
            case { Module: "torch._utils", Name: "_rebuild_parameter" or "_rebuild_parameter_with_state" }:
                // A Parameter (a pickled module, or keep_vars=True): its data is the tensor.
                return arguments is [TorchTensorRef data, ..] ? new TorchParameterRef(data) : null;
            default:
                return null;
        }
    }

    private Tensor Storage(TorchStorageRef reference)
    {
        if (storages.TryGetValue(reference.Key, out var cached))
        {
            return cached;
        }

        var bytes = reference.Count * reference.ElementSize;
        if (bytes > Array.MaxLength)
        {
            throw new InvalidDataException($"{path}: storage '{reference.Key}' ({bytes} bytes) is larger than this reader handles (2 GB).");
        }

        var data = new byte[bytes];
        if (archive is not null)
        {
            var entry = archive.GetEntry($"{prefix}/data/{reference.Key}")
                ?? throw new InvalidDataException($"{path}: storage '{reference.Key}' is missing from the archive.");
            if (entry.Length != bytes)
            {
                throw new InvalidDataException($"{path}: storage '{reference.Key}' holds {entry.Length} bytes, its tensors need {bytes}.");
            }

            using var entryStream = entry.Open();
            entryStream.ReadExactly(data);
        }
        else
        {
            if (!legacyOffsets.TryGetValue(reference.Key, out var offset))
            {
                throw new InvalidDataException($"{path}: storage '{reference.Key}' is not among the file's stored storages.");
            }

            stream.Position = offset;
            stream.ReadExactly(data);
        }
        var tensor = torch.empty(reference.Count, reference.DType);
        tensor.bytes = data;
        storages[reference.Key] = tensor;
        return tensor;
    }
}

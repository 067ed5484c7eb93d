using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Pipeline.Foundation;

namespace Pipeline.Ensembling.Predictions;

/// <summary>
/// Binary file of a <see cref="PredictionSet"/>: the 8-byte magic <c>PLPRED01</c>, a little-endian
/// int32 byte length, that many bytes of UTF-8 JSON header (model, checkpoint, tta_version, split,
/// ids, classes, labels), then Ids.Count × Classes.Count float32 little-endian probabilities,
/// row-major. Written atomically (temporary file, then a move over the target).
/// </summary>
public static class PredictionFile
{
    /// <summary>The conventional extension, as in <c>resnet__cp3__tta1.val.pred</c>.</summary>
    public const string Extension = ".pred";

    // The trailing digits version the layout; a reader meeting another version fails loudly.
    private static readonly byte[] Magic = "PLPRED01"u8.ToArray();

    // A header beyond this is certainly corruption (1,732 test ids take about 30 KB).
    private const int MaxHeaderBytes = 256 * 1024 * 1024;

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = false,
    };

    /// <summary>Writes <paramref name="set"/> to <paramref name="path"/> after checking its shape; the target appears complete or not at all.</summary>
    public static void Write(string path, PredictionSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        Validate(set, path);

        var header = new PredictionFileHeader
        {
            Model = set.Model,
            Checkpoint = set.Checkpoint,
            TtaVersion = set.TtaVersion,
            Split = set.Split,
            Ids = [.. set.Ids],
            Classes = [.. set.Classes],
            Labels = [.. set.Labels],
        };
        var headerBytes = JsonSerializer.SerializeToUtf8Bytes(header, JsonOptions);

        AtomicFile.Write(path, stream =>
        {
            stream.Write(Magic);
            Span<byte> length = stackalloc byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(length, headerBytes.Length);
            stream.Write(length);
            stream.Write(headerBytes);
            WriteFloats(stream, set.Probabilities);
        });
    }

    /// <summary>Reads a file written by <see cref="Write"/>; any size or shape mismatch is an <see cref="InvalidDataException"/> naming the file.</summary>
    public static PredictionSet Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            throw new FileNotFoundException($"Prediction file '{path}' does not exist.", path);
        }

        if (bytes.Length < Magic.Length + 4 || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw Corrupt(path, "it does not start with the PLPRED01 magic (not a prediction file, or another format version)");
        }

        var headerLength = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(Magic.Length, 4));
        var headerStart = Magic.Length + 4;
        if (headerLength <= 0 || headerLength > MaxHeaderBytes || headerLength > bytes.Length - headerStart)
        {
            throw Corrupt(path, $"its header length {headerLength} does not fit the file's {bytes.Length} bytes");
        }

        PredictionFileHeader? header;
        try
        {
            header = JsonSerializer.Deserialize<PredictionFileHeader>(bytes.AsSpan(headerStart, headerLength), JsonOptions);
        }
        catch (JsonException e)
        {
            throw Corrupt(path, $"its JSON header is unreadable ({e.Message})");
        }
        if (header is null || header.Model is null || header.Checkpoint is null || header.TtaVersion is null || header.Split is null
            || header.Ids is null || header.Classes is null || header.Labels is null)
        {
            throw Corrupt(path, "its JSON header lacks one of model, checkpoint, tta_version, split, ids, classes, labels");
        }

        var dataStart = headerStart + headerLength;
        var expectedValues = (long)header.Ids.Length * header.Classes.Length;
        var actualBytes = (long)bytes.Length - dataStart;
        if (actualBytes != expectedValues * sizeof(float))
        {
            throw Corrupt(path,
                $"it holds {actualBytes} bytes of probabilities but {header.Ids.Length} ids × {header.Classes.Length} classes need {expectedValues * sizeof(float)}");
        }

        var probabilities = ReadFloats(bytes.AsSpan(dataStart), (int)expectedValues);
        var set = new PredictionSet(
            header.Model, header.Checkpoint, header.TtaVersion.Value, header.Split,
            header.Ids, header.Classes, probabilities, header.Labels);
        try
        {
            Validate(set, path);
        }
        catch (ArgumentException e)
        {
            throw Corrupt(path, e.Message);
        }
        return set;
    }

    private static void Validate(PredictionSet set, string path)
    {
        if (set.Classes.Count == 0)
        {
            throw new ArgumentException($"Prediction set for '{path}' has no classes.", nameof(set));
        }

        if (set.Probabilities.Length != (long)set.Ids.Count * set.Classes.Count)
        {
            throw new ArgumentException(
                $"Prediction set for '{path}' has {set.Probabilities.Length} probabilities, expected {set.Ids.Count} ids × {set.Classes.Count} classes.",
                nameof(set));
        }

        if (set.Labels.Count != set.Ids.Count)
        {
            throw new ArgumentException(
                $"Prediction set for '{path}' has {set.Labels.Count} labels for {set.Ids.Count} ids.", nameof(set));
        }

        for (var i = 0; i < set.Labels.Count; i++)
        {
            if (set.Labels[i] < -1 || set.Labels[i] >= set.Classes.Count)
            {
                throw new ArgumentException(
                    $"Prediction set for '{path}' has label {set.Labels[i]} for id '{set.Ids[i]}', outside -1..{set.Classes.Count - 1}.",
                    nameof(set));
            }
        }
    }

    private static void WriteFloats(Stream stream, float[] values)
    {
        if (BitConverter.IsLittleEndian)
        {
            stream.Write(MemoryMarshal.AsBytes(values.AsSpan()));
            return;
        }
        var buffer = new byte[values.Length * sizeof(float)];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(buffer.AsSpan(i * sizeof(float)), values[i]);
        }

        stream.Write(buffer);
    }

    private static float[] ReadFloats(ReadOnlySpan<byte> bytes, int count)
    {
        var values = new float[count];
        if (BitConverter.IsLittleEndian)
        {
            bytes[..(count * sizeof(float))].CopyTo(MemoryMarshal.AsBytes(values.AsSpan()));
            return values;
        }
        for (var i = 0; i < count; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * sizeof(float))..]);
        }

        return values;
    }

    private static InvalidDataException Corrupt(string path, string why) =>
        new($"Prediction file '{path}' is corrupt: {why}.");
}

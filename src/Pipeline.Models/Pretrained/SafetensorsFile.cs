using System.Buffers.Binary;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Models.Pretrained;

/// <summary>
/// Reads a <c>.safetensors</c> file: an 8-byte little-endian header length, a JSON header
/// (<c>{"name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, "__metadata__": {..}}</c>), then the
/// raw little-endian tensors, offsets counted from the end of the header.
/// </summary>
internal static class SafetensorsFile
{
    private const long MaxHeader = 100L << 20;

    public static Dictionary<string, Tensor> Read(string path)
    {
        using var stream = File.OpenRead(path);
        var lengthBytes = new byte[8];
        if (stream.Read(lengthBytes) != 8)
        {
            throw new InvalidDataException($"{path}: shorter than a safetensors header.");
        }

        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength == 0 || headerLength > MaxHeader || (long)headerLength > stream.Length - 8)
        {
            throw new InvalidDataException($"{path}: header length {headerLength} does not fit the file ({stream.Length} bytes); not a safetensors file, or a damaged one.");
        }

        var header = new byte[headerLength];
        stream.ReadExactly(header);
        var dataStart = 8 + (long)headerLength;
        var dataLength = stream.Length - dataStart;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(header);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: the safetensors header is not valid JSON ({e.Message}).", e);
        }
        var result = new Dictionary<string, Tensor>();
        try
        {
            using (document)
            {
                foreach (var entry in document.RootElement.EnumerateObject())
                {
                    if (entry.Name == "__metadata__")
                    {
                        continue;
                    }

                    var (dtype, size) = TypeOf(entry.Value.GetProperty("dtype").GetString(), entry.Name, path);
                    var shape = entry.Value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray();
                    var offsets = entry.Value.GetProperty("data_offsets").EnumerateArray().Select(d => d.GetInt64()).ToArray();
                    var bytes = shape.Aggregate(1L, (a, b) => a * b) * size;
                    if (offsets.Length != 2 || offsets[0] < 0 || offsets[1] > dataLength || offsets[1] - offsets[0] != bytes)
                    {
                        throw new InvalidDataException($"{path}: tensor '{entry.Name}' [{string.Join(", ", shape)}] {entry.Value.GetProperty("dtype").GetString()}: data_offsets [{string.Join(", ", offsets)}] do not hold its {bytes} bytes within the {dataLength} data bytes.");
                    }

                    if (bytes > Array.MaxLength)
                    {
                        throw new InvalidDataException($"{path}: tensor '{entry.Name}' ({bytes} bytes) is larger than this reader handles (2 GB).");
                    }

                    var data = new byte[bytes];
                    stream.Position = dataStart + offsets[0];
                    stream.ReadExactly(data);
                    var tensor = torch.empty(shape, dtype);
                    result[entry.Name] = tensor;
                    tensor.bytes = data;
                }
            }
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            Dispose(result);
            throw new InvalidDataException($"{path}: the safetensors header lacks a dtype, shape or data_offsets, or has one of the wrong kind ({e.Message}).", e);
        }
        catch
        {
            Dispose(result);
            throw;
        }
        return result;
    }

    private static (ScalarType, long) TypeOf(string? name, string key, string path) => name switch
    {
        "F64" => (ScalarType.Float64, 8),
        "F32" => (ScalarType.Float32, 4),
        "F16" => (ScalarType.Float16, 2),
        "BF16" => (ScalarType.BFloat16, 2),
        "I64" => (ScalarType.Int64, 8),
        "I32" => (ScalarType.Int32, 4),
        "I16" => (ScalarType.Int16, 2),
        "I8" => (ScalarType.Int8, 1),
        "U8" => (ScalarType.Byte, 1),
        "BOOL" => (ScalarType.Bool, 1),
        _ => throw new InvalidDataException($"{path}: tensor '{key}' has dtype '{name}', which this reader does not handle."),
    };

    private static void Dispose(Dictionary<string, Tensor> tensors)
    {
        foreach (var t in tensors.Values)
        {
            t.Dispose();
        }
    }
}

using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Models.Pretrained;

/// <summary>A storage a torch.save file refers to: its key (file name in the zip, or id in the legacy layout), type and element count.</summary>
internal sealed record TorchStorageRef(string Key, string TypeName, long Count, ScalarType DType)
{
    public long ElementSize => DType switch
    {
        ScalarType.Float64 or ScalarType.Int64 => 8,
        ScalarType.Float32 or ScalarType.Int32 => 4,
        ScalarType.Float16 or ScalarType.BFloat16 or ScalarType.Int16 => 2,
        _ => 1,
    };

    /// <summary>The element type of a storage class (<c>torch.FloatStorage</c> → float32).</summary>
    public static ScalarType TypeOf(string storageClass, string path) => storageClass switch
    {
        "DoubleStorage" => ScalarType.Float64,
        "FloatStorage" => ScalarType.Float32,
        "HalfStorage" => ScalarType.Float16,
        "BFloat16Storage" => ScalarType.BFloat16,
        "LongStorage" => ScalarType.Int64,
        "IntStorage" => ScalarType.Int32,
        "ShortStorage" => ScalarType.Int16,
        "CharStorage" => ScalarType.Int8,
        "ByteStorage" => ScalarType.Byte,
        "BoolStorage" => ScalarType.Bool,
        _ => throw new InvalidDataException($"{path}: storage type torch.{storageClass} is not one this reader handles (float, integer and bool storages only)."),
    };
}

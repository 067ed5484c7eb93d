using System.Text;
using Pipeline.Models.Pretrained;
using Xunit;

namespace Pipeline.Tests.Models.Checkpoints;

/// <summary>Damaged or foreign weights files fail with a message naming the file and what is wrong (no Python needed).</summary>
public sealed class CheckpointReaderTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("checkpoint-reader-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void A_safetensors_header_longer_than_the_file_is_named()
    {
        var path = Write("big.safetensors", [.. BitConverter.GetBytes(1_000_000UL), .. "{}"u8]);
        var e = Assert.Throws<InvalidDataException>(() => CheckpointReader.Read(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("header length 1000000 does not fit the file", e.Message);
    }

    [Fact]
    public void A_safetensors_tensor_whose_offsets_miss_its_bytes_is_named()
    {
        var header = Encoding.UTF8.GetBytes("""{"conv1.weight":{"dtype":"F32","shape":[2,2],"data_offsets":[0,8]}}""");
        var path = Write("short.safetensors", [.. BitConverter.GetBytes((ulong)header.Length), .. header, .. new byte[8]]);
        var e = Assert.Throws<InvalidDataException>(() => CheckpointReader.Read(path));
        Assert.Contains("tensor 'conv1.weight' [2, 2] F32: data_offsets [0, 8] do not hold its 16 bytes", e.Message);
    }

    [Fact]
    public void A_safetensors_dtype_the_reader_does_not_know_is_named()
    {
        var header = Encoding.UTF8.GetBytes("""{"x":{"dtype":"F8_E4M3","shape":[1],"data_offsets":[0,1]}}""");
        var path = Write("fp8.safetensors", [.. BitConverter.GetBytes((ulong)header.Length), .. header, 0]);
        var e = Assert.Throws<InvalidDataException>(() => CheckpointReader.Read(path));
        Assert.Contains("tensor 'x' has dtype 'F8_E4M3'", e.Message);
    }

    [Fact]
    public void A_pth_that_is_neither_zip_nor_pickle_is_named()
    {
        var path = Write("text.pth", "not a checkpoint"u8.ToArray());
        var e = Assert.Throws<InvalidDataException>(() => CheckpointReader.Read(path));
        Assert.Equal($"{path}: not a torch.save file (neither a zip archive nor a pickle).", e.Message);
    }

    [Fact]
    public void A_plain_pickle_that_torch_did_not_write_is_named()
    {
        // pickle.dumps({'a': 1}, protocol=2)
        var path = Write("plain.pth", [0x80, 0x02, (byte)'}', (byte)'q', 0x00, 0x58, 0x01, 0x00, 0x00, 0x00, (byte)'a', (byte)'q', 0x01, (byte)'K', 0x01, (byte)'s', (byte)'.']);
        var e = Assert.Throws<InvalidDataException>(() => CheckpointReader.Read(path));
        Assert.Contains("does not start with torch's magic number", e.Message);
    }

    [Fact]
    public void An_unknown_extension_is_named()
    {
        var path = Write("weights.h5", [1, 2, 3]);
        var e = Assert.Throws<ArgumentException>(() => CheckpointReader.Read(path));
        Assert.Contains("weights.h5' is neither .pth, .pt, .bin, .ckpt nor .safetensors", e.Message);
    }

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}

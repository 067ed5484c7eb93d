using Pipeline.Ensembling.Predictions;
using Xunit;

namespace Pipeline.Tests.Ensembling;

public sealed class PredictionFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("predfile-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static PredictionSet Sample() => new(
        "resnet", "cp3", 1, "val",
        ["train_1a", "train_2b"],
        ["beans", "cake", "candy"],
        // Values chosen to catch any rounding: a subnormal, negative zero, NaN and the largest float.
        [0.1f, 0.2f, 0.7f, 1e-45f, -0f, float.MaxValue],
        [2, -1]);

    [Fact]
    public void Round_trip_is_bit_exact()
    {
        var set = Sample() with { Probabilities = [0.1f, 0.2f, 0.7f, 1e-45f, -0f, float.NaN] };
        var path = Path.Combine(_directory, "resnet__cp3__tta1.val.pred");

        PredictionFile.Write(path, set);
        var read = PredictionFile.Read(path);

        Assert.Equal(set.Model, read.Model);
        Assert.Equal(set.Checkpoint, read.Checkpoint);
        Assert.Equal(set.TtaVersion, read.TtaVersion);
        Assert.Equal(set.Split, read.Split);
        Assert.Equal(set.Ids, read.Ids);
        Assert.Equal(set.Classes, read.Classes);
        Assert.Equal(set.Labels, read.Labels);
        Assert.Equal(
            set.Probabilities.Select(BitConverter.SingleToInt32Bits),
            read.Probabilities.Select(BitConverter.SingleToInt32Bits));
        Assert.Empty(Directory.GetFiles(_directory, "*.tmp-*"));
    }

    [Fact]
    public void Starts_with_magic_and_holds_floats_little_endian_at_the_end()
    {
        var path = Path.Combine(_directory, "a.pred");
        PredictionFile.Write(path, Sample());
        var bytes = File.ReadAllBytes(path);

        Assert.Equal("PLPRED01"u8.ToArray(), bytes[..8]);
        var last = bytes[^4..];
        Assert.Equal(float.MaxValue, BitConverter.ToSingle(last));
    }

    [Fact]
    public void Truncated_file_is_reported_with_its_name()
    {
        var path = Path.Combine(_directory, "cut.pred");
        PredictionFile.Write(path, Sample());
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^3]);

        var error = Assert.Throws<InvalidDataException>(() => PredictionFile.Read(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("2 ids × 3 classes", error.Message);
    }

    [Fact]
    public void Foreign_file_is_reported_with_its_name()
    {
        var path = Path.Combine(_directory, "other.pred");
        File.WriteAllText(path, "image_id,label\n");

        var error = Assert.Throws<InvalidDataException>(() => PredictionFile.Read(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("magic", error.Message);
    }

    [Fact]
    public void Broken_header_length_is_reported()
    {
        var path = Path.Combine(_directory, "header.pred");
        PredictionFile.Write(path, Sample());
        var bytes = File.ReadAllBytes(path);
        BitConverter.TryWriteBytes(bytes.AsSpan(8, 4), int.MaxValue);
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<InvalidDataException>(() => PredictionFile.Read(path));
        Assert.Contains("header length", error.Message);
    }

    [Fact]
    public void Write_refuses_a_misshaped_set()
    {
        var path = Path.Combine(_directory, "bad.pred");
        var set = Sample() with { Probabilities = [0.5f, 0.5f] };

        Assert.Throws<ArgumentException>(() => PredictionFile.Write(path, set));
        Assert.False(File.Exists(path));
    }
}

using System.Security.Cryptography;
using Pipeline.Foundation;
using Pipeline.Training.IO;
using TorchSharp;

namespace Pipeline.Training.Checkpoints;

/// <summary>
/// Saves checkpoints (TorchSharp <c>module.save</c> format) under <c>checkpoints/</c>, each written
/// atomically and then recorded in the manifest, which is itself rewritten atomically. A failed
/// write leaves the previous checkpoints and manifest as they were.
/// </summary>
public sealed class CheckpointStore
{
    private readonly string _outputDirectory;
    private readonly AtomicFileWriter _writer;
    private readonly List<CheckpointEntry> _entries;

    public CheckpointStore(string outputDirectory, AtomicFileWriter writer, int keepThroughEpoch)
    {
        _outputDirectory = outputDirectory;
        _writer = writer;
        Directory.CreateDirectory(Path.Combine(outputDirectory, "checkpoints"));
        // After a resume, entries of epochs that are being trained again are replaced when they are saved anew.
        _entries = CheckpointManifest.Read(outputDirectory).Where(e => e.Epoch <= keepThroughEpoch).ToList();
    }

    public IReadOnlyList<CheckpointEntry> Entries => _entries;

    public CheckpointEntry Save(torch.nn.Module model, string phase, int epoch, double? valLoss, double? valAccuracy, IReadOnlyList<string> reasons)
    {
        var name = $"{phase}_e{epoch}";
        var relative = $"checkpoints/{name}.pt";
        var path = Path.Combine(_outputDirectory, "checkpoints", name + ".pt");
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        _writer.Write(path, "checkpoint", stream =>
        {
            using var hashing = new HashingStream(stream, hash);
            using var binary = new BinaryWriter(hashing, System.Text.Encoding.UTF8, leaveOpen: true);
            model.save(binary);
            binary.Flush();
        });
        var entry = new CheckpointEntry(name, phase, epoch, relative, Convert.ToHexStringLower(hash.GetHashAndReset()), valLoss, valAccuracy, reasons);
        var updated = _entries.Where(e => e.Name != name).Append(entry).OrderBy(e => e.Epoch).ToList();
        CheckpointManifest.Write(_outputDirectory, updated, _writer);
        _entries.Clear();
        _entries.AddRange(updated);
        return entry;
    }
}

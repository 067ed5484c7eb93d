using System.Text.Json;
using Pipeline.Foundation;
using Pipeline.Training.Optimization;
using TorchSharp;

namespace Pipeline.Training.State;

/// <summary>
/// Keeps the resume state under <c>state/</c>: <c>model_e&lt;N&gt;.pt</c>, <c>optimizer_e&lt;N&gt;.bin</c>
/// and <c>progress.json</c>. The weight files carry the epoch in their names (rather than one
/// <c>last.pt</c>) so a kill between two writes can never pair epoch N's weights with epoch N-1's
/// optimizer: progress.json switches to the new pair in one atomic rename.
/// </summary>
public sealed class ResumeStore
{
    private readonly string _outputDirectory;
    private readonly AtomicFileWriter _writer;

    public ResumeStore(string outputDirectory, AtomicFileWriter writer)
    {
        _outputDirectory = outputDirectory;
        _writer = writer;
    }

    public string Directory => Path.Combine(_outputDirectory, "state");

    private string ProgressPath => Path.Combine(Directory, "progress.json");

    /// <summary>The saved state, or null when there is none.</summary>
    public ResumeState? Load()
    {
        if (!File.Exists(ProgressPath))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<ResumeState>(File.ReadAllText(ProgressPath), TrainingJson.Options);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{ProgressPath}: unreadable resume state ({e.Message}); delete the folder to start over", e);
        }
    }

    /// <summary>Saves the state after an epoch, then removes the files of earlier epochs.</summary>
    public void Save(ResumeState progress, torch.nn.Module model, ITrainingOptimizer optimizer)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var modelFile = $"state/model_e{progress.CompletedEpochs}.pt";
        var optimizerFile = $"state/optimizer_e{progress.CompletedEpochs}.bin";
        _writer.Write(Path.Combine(_outputDirectory, modelFile), "training state", stream =>
        {
            using var binary = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
            model.save(binary);
        });
        _writer.Write(Path.Combine(_outputDirectory, optimizerFile), "training state", stream =>
        {
            using var binary = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
            optimizer.Save(binary);
        });
        WriteProgress(progress with { ModelFile = modelFile, OptimizerFile = optimizerFile });
        RemoveAllBut(modelFile, optimizerFile);
    }

    /// <summary>Marks the run finished and drops the weight files (the checkpoints hold the final weights).</summary>
    public void MarkFinished(ResumeState progress)
    {
        System.IO.Directory.CreateDirectory(Directory);
        WriteProgress(progress with { ModelFile = null, OptimizerFile = null, Finished = true });
        RemoveAllBut();
    }

    public void LoadModel(ResumeState progress, torch.nn.Module model)
    {
        var path = Path.Combine(_outputDirectory, progress.ModelFile ?? throw new InvalidDataException($"{ProgressPath}: no model file recorded"));
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream);
        model.load(reader);
    }

    public void LoadOptimizer(ResumeState progress, ITrainingOptimizer optimizer)
    {
        var path = Path.Combine(_outputDirectory, progress.OptimizerFile ?? throw new InvalidDataException($"{ProgressPath}: no optimizer file recorded"));
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream);
        try
        {
            optimizer.Load(reader);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or ArgumentException)
        {
            throw new InvalidDataException($"{path}: unreadable optimizer state ({e.Message}); delete {Directory} to start over", e);
        }
    }

    /// <summary>Removes every resume file (state from another configuration).</summary>
    public void Clear()
    {
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }

    private void WriteProgress(ResumeState progress)
        => _writer.WriteAllText(ProgressPath, "training state", JsonSerializer.Serialize(progress, TrainingJson.Indented));

    private void RemoveAllBut(params string[] keep)
    {
        var kept = keep.Select(k => Path.GetFileName(k)).ToHashSet(StringComparer.Ordinal);
        kept.Add("progress.json");
        foreach (var file in System.IO.Directory.EnumerateFiles(Directory))
        {
            if (!kept.Contains(Path.GetFileName(file)))
            {
                File.Delete(file);
            }
        }
    }
}

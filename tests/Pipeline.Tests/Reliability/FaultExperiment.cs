using System.Security.Cryptography;
using Pipeline.Engine;
using Pipeline.Tests.Support;
using Xunit;

namespace Pipeline.Tests.Reliability;

/// <summary>
/// A <see cref="TinyExperiment"/> with what fault tests need beside it: edits that lengthen training, builds started
/// in the background (to kill), the stage processes of a run, the store's entries and their verification.
/// </summary>
public sealed class FaultExperiment : IDisposable
{
    /// <summary>Epochs of the longer Inception training: long enough to kill it in the middle, a few seconds in all.</summary>
    public const int Epochs = 12;

    private readonly TinyExperiment _tiny = new();

    public string Root => _tiny.Root;

    public string Directory => _tiny.Directory;

    public string Artifacts => _tiny.Artifacts;

    public ArtifactLayout Layout => new(Artifacts);

    /// <summary>
    /// TrainInception (a tiny CNN) through <see cref="Epochs"/> epochs of 6 steps instead of 2 of 3; the ensemble member
    /// that named the final checkpoint follows it.
    /// </summary>
    public FaultExperiment LongTraining()
    {
        Edit("inception.yaml", "{name: cp1, epochs: 2,", $"{{name: cp1, epochs: {Epochs},");
        Edit("inception.yaml", "batch_size: 16", "batch_size: 8");
        Edit("ensemble.yaml", "checkpoint: cp1_e2", $"checkpoint: cp1_e{Epochs}");
        return this;
    }

    /// <summary>The ResNet member as a tiny CNN too, so the whole chain (Pseudolabel, Tta, Ensemble) takes seconds.</summary>
    public FaultExperiment FastResnet()
    {
        Edit("resnet.yaml", "architecture: resnet18_2223\n  pretrained: mlnet-resnet18", "architecture: tiny_cnn");
        return this;
    }

    public BuildRun Build(params string[] arguments) => _tiny.Build(arguments);

    /// <summary>Starts a build in the background; the caller waits for it or kills it.</summary>
    public RunningBuild Start(params string[] arguments) =>
        new(BuildProcess.Start([.. arguments, "--experiment", Directory, "--artifacts", Artifacts]));

    public void Edit(string file, string from, string to) => _tiny.Edit(file, from, to);

    public void Write(string file, string text) => File.WriteAllText(Path.Combine(Directory, file), text);

    public string ArtifactPath(params string[] parts) => _tiny.ArtifactPath(parts);

    public string LogPath(string runId) => Layout.LogPath(runId);

    public string Log(string runId) => File.ReadAllText(LogPath(runId));

    /// <summary>The published folder of a trained model (<c>models/&lt;name&gt;</c>, a link into the store).</summary>
    public string TrainedModel(string model) => ArtifactPath("models", model);

    /// <summary>SHA-256 of each <c>checkpoints/*.pt</c> of a trained model, by file name.</summary>
    public IReadOnlyDictionary<string, string> CheckpointHashes(string model) =>
        System.IO.Directory.GetFiles(Path.Combine(TrainedModel(model), "checkpoints"), "*.pt")
            .Order(StringComparer.Ordinal)
            .ToDictionary(f => Path.GetFileName(f), HashFile, StringComparer.Ordinal);

    /// <summary>Committed entry folders: <c>cache/&lt;key[0..2]&gt;/&lt;key&gt;</c>.</summary>
    public IReadOnlyList<string> EntryDirectories()
    {
        var cache = Layout.CacheDirectory;
        if (!System.IO.Directory.Exists(cache))
        {
            return [];
        }

        return System.IO.Directory.GetDirectories(cache)
            .Where(d => Path.GetFileName(d).Length == 2)
            .SelectMany(System.IO.Directory.GetDirectories)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The committed entry of a run (by the run id in its manifest); fails unless there is exactly one.</summary>
    public string Entry(string runId) =>
        Assert.Single(EntryDirectories(), d => OutputManifest.Parse(File.ReadAllText(Path.Combine(d, OutputManifest.FileName))).RunId == runId);

    /// <summary>Every entry folder in the store verifies against its manifest (nothing partial or corrupt is visible); returns their run ids.</summary>
    public IReadOnlyList<string> AssertStoreConsistent()
    {
        var store = new ArtifactStore(Layout, new ContentHasher(StatCache.InMemory(TimeSpan.Zero)));
        var runs = new List<string>();
        foreach (var entry in EntryDirectories())
        {
            var check = store.Check(Path.GetFileName(entry));
            Assert.True(check.State == EntryState.Valid, $"{entry}: {check.State} ({check.Problem})");
            runs.Add(check.Manifest!.RunId);
        }

        return runs;
    }

    /// <summary>Every published link (models/*, predictions/*, submission.csv, ...) leads into a committed, valid entry.</summary>
    public void AssertPublishedLinksAreCommitted()
    {
        var entries = EntryDirectories().ToHashSet(StringComparer.Ordinal);
        foreach (var path in System.IO.Directory.EnumerateFileSystemEntries(Artifacts, "*", SearchOption.AllDirectories)
            .Where(p => !p.StartsWith(Layout.CacheDirectory + Path.DirectorySeparatorChar, StringComparison.Ordinal)))
        {
            if (new FileInfo(path).LinkTarget is not { } target)
            {
                continue;
            }

            var resolved = Path.GetFullPath(target, Path.GetDirectoryName(path)!);
            var entry = entries.FirstOrDefault(e => resolved == e || resolved.StartsWith(e + Path.DirectorySeparatorChar, StringComparison.Ordinal));
            Assert.True(entry is not null, $"{path} -> {resolved} is not inside a committed entry");
            Assert.True(Path.Exists(resolved), $"{path} -> {resolved} does not exist");
        }
    }

    /// <summary>The work folder of a run that has not committed (named in the spec file the engine left for it).</summary>
    public string WorkDirectory(string runId)
    {
        var specs = System.IO.Directory.GetFiles(Layout.TmpDirectory, "*.spec.json").Select(StageSpec.Load);
        return Assert.Single(specs, s => s.RunId == runId).OutputDirectory;
    }

    /// <summary>The pid of the running stage process of <paramref name="runId"/> in this artifacts folder, if any.</summary>
    public int? StagePid(string runId) => StageProcesses.Find(Artifacts, runId);

    public static string HashFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    public void Dispose() => _tiny.Dispose();
}

namespace Pipeline.Tests.Support;

/// <summary>
/// A private copy of <c>tests/experiments/tiny</c> and an empty artifacts folder, so a test can edit YAML,
/// break files and run builds without touching the repository or other tests.
/// </summary>
public sealed class TinyExperiment : IDisposable
{
    public TinyExperiment(string name = "tiny")
    {
        Root = Path.Combine(Path.GetTempPath(), $"pipeline-tests-{Guid.NewGuid():N}");
        Directory = Path.Combine(Root, name);
        Artifacts = Path.Combine(Root, "artifacts");
        System.IO.Directory.CreateDirectory(Directory);
        foreach (var file in System.IO.Directory.GetFiles(Path.Combine(BuildProcess.RepositoryRoot, "tests", "experiments", "tiny")))
        {
            File.Copy(file, Path.Combine(Directory, Path.GetFileName(file)));
        }
    }

    /// <summary>Holds the experiment folder and the artifacts folder.</summary>
    public string Root { get; }

    public string Directory { get; }

    public string Artifacts { get; }

    /// <summary>Runs <c>_build</c> on this experiment and artifacts folder.</summary>
    public BuildRun Build(params string[] arguments) =>
        BuildProcess.Run([.. arguments, "--experiment", Directory, "--artifacts", Artifacts]);

    /// <summary>Replaces text in one experiment file; fails when the text is absent, so a test cannot edit nothing.</summary>
    public void Edit(string file, string from, string to)
    {
        var path = Path.Combine(Directory, file);
        var text = File.ReadAllText(path);
        if (!text.Contains(from, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{file} does not contain '{from}'");
        }

        File.WriteAllText(path, text.Replace(from, to, StringComparison.Ordinal));
    }

    public string ArtifactPath(params string[] parts) => Path.Combine([Artifacts, .. parts]);

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A killed stage may still be closing files; a leftover temp folder is harmless.
        }
    }
}

using Pipeline.Cli;
using Pipeline.Engine;
using Pipeline.Stages.Actions;
using Pipeline.Tests.Support;
using Xunit;

namespace Pipeline.Tests.Stages;

/// <summary>Clean --experiment X on an artifacts folder shared by several experiments (the default layout).</summary>
public sealed class CleanActionTests
{
    [Fact]
    public void Clean_of_a_non_default_experiment_empties_its_own_folder_and_nothing_else()
    {
        using var tiny = new TinyExperiment();
        var root = tiny.Artifacts;
        string[] mine = ["cache/ab/abcd", "logs/Preprocess.log", "pipeline.lock.json", "history.jsonl"];
        foreach (var path in mine)
        {
            Write(Path.Combine(root, "tiny", path));
            Write(Path.Combine(root, "fashion-mnist", path));
            Write(Path.Combine(root, path));
        }

        var options = new BuildOptions { Targets = ["Clean"], Experiments = [tiny.Directory], ExperimentGiven = true };
        var output = new StringWriter();

        var code = CleanAction.Run(BuildProcess.RepositoryRoot, root, options, output, new StringWriter());

        Assert.Equal(0, code);
        Assert.All(mine, path => Assert.False(Path.Exists(Path.Combine(root, "tiny", path)), path));
        Assert.All(mine, path => Assert.True(File.Exists(Path.Combine(root, "fashion-mnist", path)), path));
        Assert.All(mine, path => Assert.True(File.Exists(Path.Combine(root, path)), path));
        Assert.Contains("deleted", output.ToString());
    }

    [Fact]
    public void Clean_without_an_experiment_deletes_everything_but_not_while_a_build_holds_a_store()
    {
        using var tiny = new TinyExperiment();
        var root = tiny.Artifacts;
        Write(Path.Combine(root, "cache", "ab", "abcd"));
        Write(Path.Combine(root, "fashion-mnist", "cache", "cd", "cdef"));
        var options = new BuildOptions { Targets = ["Clean"] };
        var error = new StringWriter();

        using (var held = BuildLock.TryAcquire(new ArtifactLayout(Path.Combine(root, "fashion-mnist")), NullEngineEvents.Instance, out _))
        {
            Assert.NotNull(held);
            Assert.Equal(1, CleanAction.Run(BuildProcess.RepositoryRoot, root, options, new StringWriter(), error));
            Assert.Contains("fashion-mnist is running", error.ToString());
            Assert.True(File.Exists(Path.Combine(root, "cache", "ab", "abcd")));
        }

        Assert.Equal(0, CleanAction.Run(BuildProcess.RepositoryRoot, root, options, new StringWriter(), error));
        Assert.False(Directory.Exists(root));
    }

    private static void Write(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "x");
    }
}

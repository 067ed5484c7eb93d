using Pipeline.Cli;
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

    private static void Write(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "x");
    }
}

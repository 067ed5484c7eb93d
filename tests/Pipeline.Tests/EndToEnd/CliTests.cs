using System.Text.RegularExpressions;
using Pipeline.Tests.Support;
using Xunit;

namespace Pipeline.Tests.EndToEnd;

/// <summary>The command line through the real entry (<c>_build.dll</c>, as <c>./build.sh</c> runs it).</summary>
[Collection(EndToEndCollection.Name)]
public sealed class CliTests
{
    [Fact]
    public void Help_lists_every_target_with_its_dependencies_and_every_parameter_with_its_default()
    {
        var help = BuildProcess.Run(["--help"]);

        Assert.True(help.ExitCode == 0, BuildLog.Describe(help));
        var lines = BuildLog.Lines(help.Output);
        (string Target, string Dependencies)[] targets =
        [
            ("Preprocess", ""),
            ("TrainInception", "[Preprocess]"),
            ("TrainResnet", "[Preprocess]"),
            ("Pseudolabel", "[TrainInception, TrainResnet]"),
            ("Tta", "[Pseudolabel]"),
            ("Ensemble", "[Tta]"),
            ("Preview", "[Preprocess]"),
            ("Report", "[Ensemble, Preview]"),
            ("Test", ""),
            ("Clean", ""),
            ("Compare", ""),
            ("Gc", ""),
            ("Runs", ""),
        ];
        foreach (var (target, dependencies) in targets)
        {
            var line = Assert.Single(lines, l => Regex.IsMatch(l, $@"^\s+{target}\s"));
            if (dependencies.Length > 0)
            {
                Assert.EndsWith(" " + dependencies, line);
            }
            else
            {
                Assert.DoesNotMatch(@"\[[A-Z][A-Za-z]+(, [A-Z][A-Za-z]+)*\]$", line);
            }
        }

        (string Option, string Default)[] parameters =
        [
            ("--experiment", "[experiments]"),
            ("--plan", "[off]"),
            ("--force", "[off]"),
            ("--jobs", "[1]"),
            ("--device", "[auto]"),
            ("--threads", "[2]"),
            ("--cores", "[this machine's cores]"),
            ("--artifacts", "[artifacts]"),
            ("--remote", "[PIPELINE_REMOTE, else pipeline.yaml remote.url, else none]"),
            ("--remote-read-only", "[off]"),
            ("--set", "[none]"),
            ("--overrides", "[none]"),
            ("--filter", "[all tests]"),
            ("--keep", "[0]"),
            ("--max-size", "[no limit]"),
            ("--last", "[10]"),
            ("--cuda", "[off (cpu)]"),
        ];
        foreach (var (option, defaultValue) in parameters)
        {
            var line = Assert.Single(lines, l => Regex.IsMatch(l, $@"^\s+{Regex.Escape(option)}(\s|$)"));
            Assert.EndsWith(" " + defaultValue, line);
        }
    }

    [Fact]
    public void Plan_with_two_jobs_names_the_core_budget_and_keeps_every_key_of_the_one_job_plan()
    {
        using var tiny = new TinyExperiment();

        var one = tiny.Build("Ensemble", "--plan");
        var serial = tiny.Build("Ensemble", "--plan", "--jobs", "2", "--cores", "2");
        var wide = tiny.Build("Ensemble", "--plan", "--jobs", "2", "--cores", "4");
        var alone = tiny.Build("Ensemble", "--plan", "--jobs", "3", "--cores", "2", "--threads", "4");

        foreach (var run in new[] { one, serial, wide, alone })
        {
            Assert.True(run.ExitCode == 0, BuildLog.Describe(run));
        }

        Assert.DoesNotContain("parallel:", one.Output);
        Assert.Contains(
            "parallel: --jobs 2 within 2 cores (--cores): Train, Pseudolabel and Tta runs keep 2 cores busy each (--threads 2), so they run one at a time; --jobs and --cores never change a run's threads or its key (--threads does)",
            serial.Output);
        Assert.Contains("(--threads 2), so up to 2 of them run at once;", wide.Output);
        Assert.Contains("(--threads 4), so they run one at a time (more threads than cores: each runs alone);", alone.Output);
        // The same targets and reasons: the job count and the core budget change no key.
        Assert.Equal(PlanLines(one.Output), PlanLines(serial.Output));
        Assert.Equal(PlanLines(one.Output), PlanLines(wide.Output));
    }

    [Fact]
    public void A_core_budget_below_one_exits_2_and_runs_nothing()
    {
        using var tiny = new TinyExperiment();

        var run = tiny.Build("Ensemble", "--cores", "0");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--cores must be at least 1, got 0", run.Error);
        Assert.Empty(BuildLog.Started(run));
    }

    private static List<string> PlanLines(string output) =>
        BuildLog.Lines(output).Where(l => !l.StartsWith("parallel:", StringComparison.Ordinal)).ToList();

    [Fact]
    public void Unknown_target_exits_2_with_a_close_match_and_runs_nothing()
    {
        using var tiny = new TinyExperiment();

        var run = tiny.Build("Ensmble");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("unknown target 'Ensmble'; did you mean 'Ensemble'?", run.Error);
        Assert.Empty(BuildLog.Started(run));
        Assert.Empty(ArtifactsCopy.StoreEntries(tiny.Artifacts));
    }

    [Fact]
    public void Unknown_option_exits_2_with_a_close_match_and_runs_nothing()
    {
        using var tiny = new TinyExperiment();

        var run = tiny.Build("Ensemble", "--jbos", "2");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("unknown option '--jbos'; did you mean '--jobs'?", run.Error);
        Assert.Empty(BuildLog.Started(run));
        Assert.Empty(ArtifactsCopy.StoreEntries(tiny.Artifacts));
    }

    /// <summary>A misspelt YAML key stops the build before any stage with the file, line and column and a suggestion.</summary>
    [Fact]
    public void Misspelt_yaml_key_exits_2_with_file_line_column_and_a_suggestion_before_any_stage_runs()
    {
        using var tiny = new TinyExperiment();
        tiny.Edit("resnet.yaml", "optimizer: {name: adam, lr: 0.001}", "optimzer: {name: adam, lr: 0.001}");
        var yaml = File.ReadAllLines(Path.Combine(tiny.Directory, "resnet.yaml"));
        var line = Array.FindIndex(yaml, l => l.Contains("optimzer", StringComparison.Ordinal));
        var column = yaml[line].IndexOf("optimzer", StringComparison.Ordinal);

        var run = tiny.Build("Ensemble");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(
            $"{Path.Combine(tiny.Directory, "resnet.yaml")}:{line + 1}:{column + 1}: unknown key 'optimzer' in 'training.phases[0]'; did you mean 'optimizer'?",
            run.Error);
        Assert.Empty(BuildLog.Started(run));
        Assert.Empty(ArtifactsCopy.StoreEntries(tiny.Artifacts));
        Assert.False(Directory.Exists(tiny.ArtifactPath("logs")) && Directory.EnumerateFileSystemEntries(tiny.ArtifactPath("logs")).Any(), "a stage log was written");
    }
}

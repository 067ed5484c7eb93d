using System.Text.RegularExpressions;
using Pipeline.Tests.Support;
using Xunit;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Tests.EndToEnd;

/// <summary>
/// Issue 14: <c>.github/workflows/gpu.yml</c> is generated from the graph by <c>./build.sh GenerateWorkflow</c>.
/// The committed file must be exactly what the target writes, and its jobs must follow the targets that
/// <c>--help</c> lists with their dependencies.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed partial class WorkflowTests
{
    private static readonly string Committed = Path.Combine(BuildProcess.RepositoryRoot, ".github", "workflows", "gpu.yml");

    [Fact]
    public void The_committed_gpu_workflow_is_what_GenerateWorkflow_writes_from_the_graph()
    {
        var root = Path.Combine(Path.GetTempPath(), $"workflow-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        try
        {
            File.WriteAllText(Path.Combine(root, "Pipeline.sln"), "");
            var run = BuildProcess.Run(["GenerateWorkflow"], new Dictionary<string, string> { ["PIPELINE_REPO_ROOT"] = root });

            Assert.True(run.ExitCode == 0, BuildLog.Describe(run));
            var generated = File.ReadAllText(Path.Combine(root, ".github", "workflows", "gpu.yml"));
            Assert.True(generated == File.ReadAllText(Committed),
                ".github/workflows/gpu.yml differs from what the graph generates: run ./build.sh GenerateWorkflow and commit the result");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Every_stage_target_is_a_job_that_waits_for_its_dependencies_and_builds_against_the_remote()
    {
        var stages = StageTargetsFromHelp();
        var yaml = new YamlStream();
        using (var reader = new StringReader(File.ReadAllText(Committed)))
        {
            yaml.Load(reader);
        }

        var jobs = (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["jobs"];
        var needs = jobs.Children.ToDictionary(
            j => ((YamlScalarNode)j.Key).Value!,
            j => ((YamlMappingNode)j.Value).Children.TryGetValue(new YamlScalarNode("needs"), out var n)
                ? ((YamlSequenceNode)n).Children.Select(c => ((YamlScalarNode)c).Value!).ToList()
                : []);
        Assert.Equal(stages.Keys, needs.Keys);

        IEnumerable<string> Before(string job) => needs[job].Concat(needs[job].SelectMany(Before));
        foreach (var (target, dependencies) in stages)
        {
            Assert.All(dependencies, d => Assert.Contains(d, Before(target)));
            var job = (YamlMappingNode)jobs[target];
            var labels = ((YamlSequenceNode)job["runs-on"]).Children.Select(c => c.ToString()).ToList();
            Assert.Contains("self-hosted", labels);
            var steps = ((YamlSequenceNode)job["steps"]).Children.Cast<YamlMappingNode>().ToList();
            var uses = steps.Where(s => s.Children.ContainsKey(new YamlScalarNode("uses"))).Select(s => s["uses"].ToString()).ToList();
            Assert.DoesNotContain(uses, u => u.StartsWith("actions/cache", StringComparison.Ordinal));
            var checkout = Assert.Single(steps, s => s.Children.ContainsKey(new YamlScalarNode("uses")) && s["uses"].ToString().StartsWith("actions/checkout", StringComparison.Ordinal));
            Assert.Equal("false", ((YamlMappingNode)checkout["with"])["clean"].ToString());
            var command = Assert.Single(steps.Where(s => s.Children.ContainsKey(new YamlScalarNode("run"))).Select(s => s["run"].ToString()));
            Assert.Equal($"./build.sh --cuda {target} --remote \"$PIPELINE_REMOTE\" --experiment experiments/hackerearth --device cuda", command);
        }

        // The two trainings wait for neither other: different runners take them at the same time.
        Assert.DoesNotContain("TrainResnet", Before("TrainInception"));
        Assert.DoesNotContain("TrainInception", Before("TrainResnet"));
    }

    /// <summary>Stage targets (not actions) and their direct dependencies, as <c>./build.sh --help</c> lists them.</summary>
    private static Dictionary<string, string[]> StageTargetsFromHelp()
    {
        var help = BuildProcess.Run(["--help"]);
        Assert.True(help.ExitCode == 0, BuildLog.Describe(help));
        var lines = BuildLog.Lines(help.Output).SkipWhile(l => !l.StartsWith("Targets", StringComparison.Ordinal)).Skip(1).TakeWhile(l => l.Length > 0);
        var stages = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var line in lines.Where(l => !l.Contains("(action, never cached)", StringComparison.Ordinal)))
        {
            var match = TargetLine().Match(line);
            Assert.True(match.Success, line);
            stages[match.Groups["name"].Value] = match.Groups["deps"].Success ? match.Groups["deps"].Value.Split(", ") : [];
        }

        Assert.Contains("TrainResnet", stages.Keys);
        return stages;
    }

    [GeneratedRegex(@"^\s+(?<name>[A-Z][A-Za-z]+)\s.*?(\[(?<deps>[A-Z][A-Za-z]+(, [A-Z][A-Za-z]+)*)\])?$")]
    private static partial Regex TargetLine();
}

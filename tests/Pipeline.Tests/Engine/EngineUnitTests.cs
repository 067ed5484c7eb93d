using System.Text.Json.Nodes;
using Pipeline.Engine;
using Pipeline.Tests.Engine.Support;
using Xunit;

namespace Pipeline.Tests.Engine;

public sealed class EngineUnitTests
{
    [Fact]
    public void Closure_lists_dependencies_first_in_declaration_order()
    {
        var graph = new BuildGraph(
            [
                new TargetDefinition("Preprocess"),
                new TargetDefinition("TrainInception", dependsOn: ["Preprocess"]),
                new TargetDefinition("TrainResnet", dependsOn: ["Preprocess"]),
                new TargetDefinition("Pseudolabel", dependsOn: ["TrainInception", "TrainResnet"]),
                new TargetDefinition("Tta", dependsOn: ["Pseudolabel"]),
                new TargetDefinition("Ensemble", dependsOn: ["Tta"]),
            ],
            []);

        Assert.Equal(["Preprocess", "TrainInception", "TrainResnet", "Pseudolabel", "Tta", "Ensemble"], graph.Closure(["Ensemble"]));
        Assert.Equal(["Preprocess", "TrainResnet"], graph.Closure(["TrainResnet"]));
    }

    [Fact]
    public void Graph_errors_name_the_problem()
    {
        Assert.Equal(
            "Targets form a cycle: A -> B -> A.",
            Assert.Throws<EngineException>(() => new BuildGraph([new("A", "", ["B"]), new("B", "", ["A"])], [])).Message);
        Assert.Equal(
            "Target 'A' depends on unknown target 'C'.",
            Assert.Throws<EngineException>(() => new BuildGraph([new("A", "", ["C"])], [])).Message);
        Assert.Equal(
            "Stage run 'A' reads unknown run 'nope'.",
            Assert.Throws<EngineException>(() => new BuildGraph([new("A")], [new StageRun("A", "A", "write") { Upstream = ["nope"] }])).Message);
        Assert.Equal(
            "Stage run 'B' reads run 'A' of target 'A', which target 'B' does not depend on.",
            Assert.Throws<EngineException>(() => new BuildGraph(
                [new("A"), new("B")],
                [new StageRun("A", "A", "write"), new StageRun("B", "B", "write") { Upstream = ["A"] }])).Message);
        Assert.Equal(
            "Unknown target 'Nope'.",
            Assert.Throws<EngineException>(() => new ChainExperiment().Graph().Closure(["Nope"])).Message);
    }

    [Fact]
    public void Exit_codes_of_killed_processes_name_the_signal()
    {
        Assert.Equal("exit code 3", ExitDescription.Describe(3));
        Assert.StartsWith("exit code 137, killed by signal 9 (SIGKILL)", ExitDescription.Describe(137), StringComparison.Ordinal);
        Assert.StartsWith("exit code 136, killed by signal 8 (SIGFPE)", ExitDescription.Describe(136), StringComparison.Ordinal);
        Assert.Equal("exit code 143, killed by signal 15 (SIGTERM)", ExitDescription.Describe(143));
    }

    [Fact]
    public async Task The_stage_host_runs_a_registered_kind_and_turns_outcomes_into_exit_codes()
    {
        var root = Path.Combine(Path.GetTempPath(), "engine-tests", Guid.NewGuid().ToString("N"));
        try
        {
            var registry = new StageRegistry()
                .Add("ok", c => File.WriteAllTextAsync(Path.Combine(c.OutputDirectory, "out.txt"), c.Parameters["text"]!.GetValue<string>()))
                .Add("exit", _ => throw new StageExitException(5, "five"))
                .Add("throw", _ => throw new InvalidOperationException("boom"));

            async Task<(int Code, string Error)> Run(string kind)
            {
                var spec = new StageSpec
                {
                    RunId = "R/" + kind,
                    Target = "R",
                    Kind = kind,
                    Key = "k" + kind,
                    Parameters = new JsonObject { ["text"] = "hi" },
                    Upstream = [],
                    Inputs = new Dictionary<string, string>(),
                    OutputDirectory = Path.Combine(root, "out-" + kind),
                    WorkLockPath = Path.Combine(root, kind + ".lock"),
                    ArtifactsDirectory = root,
                };
                var specPath = Path.Combine(root, kind + ".json");
                spec.Save(specPath);
                var error = new StringWriter();
                var code = await StageHost.RunAsync(specPath, registry, new StringWriter(), error);
                return (code, error.ToString());
            }

            Assert.Equal(0, (await Run("ok")).Code);
            Assert.Equal("hi", File.ReadAllText(Path.Combine(root, "out-ok", "out.txt")));
            Assert.Equal((5, "R/exit (exit) failed: five\n"), await Run("exit"));
            var thrown = await Run("throw");
            Assert.Equal(1, thrown.Code);
            Assert.StartsWith("R/throw (throw) failed: System.InvalidOperationException: boom", thrown.Error, StringComparison.Ordinal);
            Assert.Equal((2, "unknown stage kind 'nope' for run R/nope; this program knows: exit, ok, throw\n"), await Run("nope"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}

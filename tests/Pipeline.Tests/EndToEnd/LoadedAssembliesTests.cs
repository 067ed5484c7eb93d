using Pipeline.Engine;
using Pipeline.Stages;
using Pipeline.Tests.Support;
using Xunit;

namespace Pipeline.Tests.EndToEnd;

/// <summary>
/// Completeness observed: every stage process of the shared tiny build logged the app-local assemblies its stage
/// loaded (<see cref="StageProcessEntry.LoadedLinePrefix"/>); each must be in the code identity its run was keyed
/// with. A miss here means a change to that assembly would leave a wrong cached result standing.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class LoadedAssembliesTests(TinyBuildFixture fixture)
{
    [Fact]
    public void Every_assembly_a_stage_loaded_is_in_its_runs_code_identity()
    {
        var tiny = fixture.RequireBuilt();
        var locked = fixture.RequireLock();
        var entry = Path.GetDirectoryName(BuildProcess.EntryDll)!;
        var fingerprinter = new CodeFingerprinter(entry, Path.Combine(entry, "_build.deps.json"));
        var layout = new ArtifactLayout(tiny.Artifacts);

        Assert.Equal(8, locked.Runs.Values.Select(r => r.Kind).Distinct().Count());
        foreach (var run in locked.Runs.Values)
        {
            var line = Assert.Single(File.ReadAllLines(layout.LogPath(run.RunId)), l => l.StartsWith(StageProcessEntry.LoadedLinePrefix, StringComparison.Ordinal));
            var loaded = line[StageProcessEntry.LoadedLinePrefix.Length..line.IndexOf(" (by the stage host", StringComparison.Ordinal)]
                .Split(", ", StringSplitOptions.RemoveEmptyEntries);
            Assert.NotEmpty(loaded);
            var covered = CodeIdentity.Assemblies(run.Kind, fingerprinter);
            Assert.True(loaded.All(covered.Contains), $"{run.RunId} ({run.Kind}) loaded {string.Join(", ", loaded.Where(a => !covered.Contains(a)))}, which its code identity leaves out");
        }
    }
}

using Pipeline.Engine;
using Pipeline.Stages;
using Pipeline.Tests.Support;
using Xunit;

namespace Pipeline.Tests.EndToEnd;

/// <summary>
/// Issue 14, portability: a run's key is the same in any checkout folder for the same sources, parameters and
/// inputs. A second checkout (<see cref="CheckoutCopy"/>, another folder) builds the same code identity for every
/// stage kind, and a store copied into it from the shared tiny build is all cached there, under the same keys.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class PortabilityTests(TinyBuildFixture fixture, CheckoutCopy checkout) : IClassFixture<CheckoutCopy>
{
    private static readonly string DepsJson = Path.Combine(AppContext.BaseDirectory, "Pipeline.Tests.deps.json");

    [Fact]
    public void A_checkout_in_another_folder_builds_the_same_code_identity_for_every_stage_kind()
    {
        Assert.NotEqual(Path.GetFullPath(BuildProcess.RepositoryRoot), Path.GetFullPath(checkout.Root));
        var here = new CodeFingerprinter(AppContext.BaseDirectory, DepsJson);
        // The checkout's own build holds our projects' assemblies; the packages' (the same NuGet cache files) are taken from here.
        var built = new HashSet<string>(StringComparer.Ordinal);
        var there = new CodeFingerprinter(AppContext.BaseDirectory, DepsJson, name =>
        {
            var path = Path.Combine(checkout.BuildOutput, name + ".dll");
            if (!File.Exists(path))
            {
                return null;
            }

            lock (built)
            {
                built.Add(name);
            }

            return path;
        });

        foreach (var kind in StageProcessEntry.Registry().Kinds)
        {
            var mine = CodeIdentity.Fingerprint(kind, here);
            var theirs = CodeIdentity.Fingerprint(kind, there);
            Assert.Equal(mine.Assemblies.Keys, theirs.Assemblies.Keys);
            Assert.True(mine.Text == theirs.Text, $"{kind}: identity differs between checkouts in {string.Join(", ", CodeFingerprint.Changed(mine.Text, theirs.Text))}");
        }

        Assert.Contains(CodeIdentity.RootAssembly, built);
        Assert.True(built.Count(n => n.StartsWith("Pipeline.", StringComparison.Ordinal)) >= 10, $"only {string.Join(", ", built)} came from the other checkout");
    }

    [Fact]
    public void A_store_copied_into_another_checkout_is_all_cached_there_under_the_same_keys()
    {
        var built = fixture.RequireBuilt();
        var keys = fixture.RequireLock();
        var artifacts = Path.Combine(checkout.Root, "artifacts-copied");
        ArtifactsCopy.Copy(built.Artifacts, artifacts);
        var experiment = Path.Combine(checkout.Root, "tests", "experiments", "tiny");

        var run = BuildProcess.Run(
            ["Ensemble", "--experiment", experiment, "--artifacts", artifacts],
            new Dictionary<string, string> { ["PIPELINE_REPO_ROOT"] = checkout.Root });

        Assert.True(run.ExitCode == 0, BuildLog.Describe(run));
        Assert.Empty(BuildLog.Started(run));
        Assert.All(BuildLog.Summary(run), s => Assert.Equal("cached", s.Value));
        var there = LockFile.Read(Path.Combine(artifacts, "pipeline.lock.json"));
        Assert.Equal(keys.Runs.Keys, there.Runs.Keys);
        Assert.All(keys.Runs.Values, r => Assert.Equal(r.Key, there[r.RunId].Key));
    }
}

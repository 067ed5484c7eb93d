using Pipeline.Tests.Support;
using Xunit;

namespace Pipeline.Tests.EndToEnd;

/// <summary>
/// One full <c>Ensemble</c> build of the tiny experiment (about 45 s on 2 cores), shared by the tests of
/// <see cref="EndToEndCollection"/>. Its experiment files are never edited; a test that edits YAML works on a
/// <see cref="Fork"/>. A failed build does not throw here (that would hide which test needed it): each test
/// calls <see cref="RequireBuilt"/>.
/// </summary>
public sealed class TinyBuildFixture : IDisposable
{
    public TinyBuildFixture()
    {
        Experiment = new TinyExperiment();
        FirstBuild = Experiment.Build("Ensemble");
        LockAfterFirstBuild = FirstBuild.ExitCode == 0 ? LockFile.Read(Experiment) : null;
    }

    public TinyExperiment Experiment { get; }

    public BuildRun FirstBuild { get; }

    /// <summary>The lock file right after the first build (later no-op builds rewrite it).</summary>
    public LockFile? LockAfterFirstBuild { get; }

    /// <summary>The built experiment, or a failed assertion carrying the build's output.</summary>
    public TinyExperiment RequireBuilt()
    {
        Assert.True(FirstBuild.ExitCode == 0, $"the shared tiny build failed (exit {FirstBuild.ExitCode}):\n{BuildLog.Describe(FirstBuild)}");
        return Experiment;
    }

    public LockFile RequireLock()
    {
        RequireBuilt();
        return LockAfterFirstBuild!;
    }

    /// <summary>
    /// A private experiment whose artifacts are a copy of the shared build's. The copy lives in another folder,
    /// and keys hold no machine paths, so everything is cached: that is asserted, so a fork that silently
    /// retrained would fail.
    /// </summary>
    public TinyExperiment Fork()
    {
        RequireBuilt();
        var fork = new TinyExperiment();
        try
        {
            ArtifactsCopy.Copy(Experiment.Artifacts, fork.Artifacts);
            var warm = fork.Build("Ensemble");
            Assert.True(warm.ExitCode == 0, $"building the fork failed (exit {warm.ExitCode}):\n{BuildLog.Describe(warm)}");
            Assert.Empty(BuildLog.Started(warm));
            return fork;
        }
        catch
        {
            fork.Dispose();
            throw;
        }
    }

    public void Dispose() => Experiment.Dispose();
}

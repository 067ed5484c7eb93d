using Pipeline.Benchmarks.Infrastructure;
using Pipeline.Tests.Support;
using Xunit;

namespace Pipeline.Tests.EndToEnd;

/// <summary>
/// A GPU runner fleet in miniature, through the real entry and a real S3-compatible server (s3rver on localhost):
/// runners are checkouts in different folders with empty local stores that share one remote cache. Which stages
/// ran is read from the "X: started" lines and the summary table, never from timing.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class FleetTests : IDisposable
{
    private readonly List<IDisposable> _owned = [];

    public void Dispose()
    {
        foreach (var owned in _owned.AsEnumerable().Reverse())
        {
            owned.Dispose();
        }
    }

    [Fact]
    public void Runners_sharing_a_remote_pull_what_another_built_and_agree_to_the_byte()
    {
        var server = Own(new S3rverServer(BuildProcess.RepositoryRoot));
        var a = Own(new Runner("runner-a"));
        var b = Own(new Runner("runner-b"));
        var remote = $"s3://{S3rverServer.Bucket}/fleet";

        var resnet = a.Build(server, "TrainResnet", "--remote", remote);
        Assert.True(resnet.ExitCode == 0, BuildLog.Describe(resnet));
        Assert.Equal(["Preprocess", "Preprocess/synthesize", "TrainResnet"], BuildLog.Started(resnet));
        Assert.Contains($"TrainResnet: pushed to {remote}", resnet.Output, StringComparison.Ordinal);

        var plan = b.Build(server, "Ensemble", "--plan", "--remote", remote);
        Assert.Contains(KeyValuePair.Create("TrainResnet", "cached (remote)"), BuildLog.Plan(plan));
        Assert.Contains(KeyValuePair.Create("Preprocess", "cached (remote)"), BuildLog.Plan(plan));
        Assert.Contains(KeyValuePair.Create("TrainInception", "run (no cache entry)"), BuildLog.Plan(plan));

        var ensembleB = b.Build(server, "Ensemble", "--remote", remote);
        Assert.True(ensembleB.ExitCode == 0, BuildLog.Describe(ensembleB));
        var startedB = BuildLog.Started(ensembleB);
        Assert.DoesNotContain("TrainResnet", startedB);
        Assert.DoesNotContain("Preprocess", startedB);
        Assert.Contains("TrainInception", startedB);
        Assert.Equal("pulled", BuildLog.Summary(ensembleB)["TrainResnet"]);
        Assert.Equal("ran", BuildLog.Summary(ensembleB)["TrainInception"]);

        var ensembleA = a.Build(server, "Ensemble", "--remote", remote);
        Assert.True(ensembleA.ExitCode == 0, BuildLog.Describe(ensembleA));
        Assert.Empty(BuildLog.Started(ensembleA));
        Assert.Equal("pulled", BuildLog.Summary(ensembleA)["TrainInception"]);

        Assert.Equal(File.ReadAllBytes(a.Artifact("submission.csv")), File.ReadAllBytes(b.Artifact("submission.csv")));
        Assert.NotEmpty(File.ReadAllBytes(a.Artifact("submission.csv")));
    }

    [Fact]
    public void A_wrong_credential_is_named_and_nothing_runs_or_is_stored()
    {
        var server = Own(new S3rverServer(BuildProcess.RepositoryRoot));
        var runner = Own(new Runner("runner-c"));

        var build = runner.BuildAs("NOT-OUR-KEY", server, "TrainResnet", "--remote", $"s3://{S3rverServer.Bucket}/fleet");

        Assert.Equal(1, build.ExitCode);
        Assert.Contains("InvalidAccessKeyId", build.All, StringComparison.Ordinal);
        Assert.Contains("the credentials were refused: check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE", build.All, StringComparison.Ordinal);
        Assert.Empty(BuildLog.Started(build));
        Assert.Empty(ArtifactsCopy.StoreEntries(runner.Artifacts));
    }

    [Fact]
    public void Remote_options_that_cannot_work_are_refused_before_anything_runs()
    {
        var runner = Own(new Runner("runner-d"));

        var readOnly = runner.Build(null, "Preprocess", "--remote-read-only");
        var scheme = runner.Build(null, "Preprocess", "--remote", "ftp://host/cache");
        var relative = runner.Build(null, "Preprocess", "--remote", "file://shared/cache");
        var empty = runner.Build(null, "Preprocess", "--remote", "");

        Assert.Equal((2, "error: --remote-read-only needs a remote: --remote URL, PIPELINE_REMOTE or pipeline.yaml remote.url"), (readOnly.ExitCode, readOnly.Error.Trim()));
        Assert.Equal((2, "error: remote 'ftp://host/cache': unknown scheme; use file:///shared/path or s3://bucket/prefix."), (scheme.ExitCode, scheme.Error.Trim()));
        Assert.Equal(2, relative.ExitCode);
        Assert.Contains("file:///absolute/path", relative.Error, StringComparison.Ordinal);
        Assert.Equal(
            (2, "error: --remote was given an empty URL (an unset secret or variable?); use file:///path or s3://bucket/prefix"),
            (empty.ExitCode, empty.Error.Trim()));
        Assert.False(Directory.Exists(runner.Artifacts), "a refused command line created the artifacts folder");
    }

    private T Own<T>(T owned)
        where T : IDisposable
    {
        _owned.Add(owned);
        return owned;
    }

    /// <summary>
    /// One runner: its own checkout folder (the repository marker and the tiny experiment, copied) with its own empty
    /// artifacts folder. The runners share the one build of the entry under test.
    /// </summary>
    private sealed class Runner : IDisposable
    {
        public Runner(string name)
        {
            Root = Path.Combine(Path.GetTempPath(), $"fleet-{Guid.NewGuid():N}", name);
            Experiment = Path.Combine(Root, "tests", "experiments", "tiny");
            Artifacts = Path.Combine(Root, "artifacts");
            Directory.CreateDirectory(Experiment);
            File.Copy(Path.Combine(BuildProcess.RepositoryRoot, "Pipeline.sln"), Path.Combine(Root, "Pipeline.sln"));
            foreach (var file in Directory.GetFiles(Path.Combine(BuildProcess.RepositoryRoot, "tests", "experiments", "tiny")))
            {
                File.Copy(file, Path.Combine(Experiment, Path.GetFileName(file)));
            }
        }

        public string Root { get; }

        public string Experiment { get; }

        public string Artifacts { get; }

        public string Artifact(string name) => Path.Combine(Artifacts, name);

        public BuildRun Build(S3rverServer? server, string target, params string[] options) => BuildAs(null, server, target, options);

        /// <summary>Builds with <paramref name="accessKey"/> as the AWS access key id (null: the server's own).</summary>
        public BuildRun BuildAs(string? accessKey, S3rverServer? server, string target, params string[] options)
        {
            var environment = new Dictionary<string, string>(server?.Environment(accessKey) ?? new Dictionary<string, string>())
            {
                ["PIPELINE_REPO_ROOT"] = Root,
            };
            return BuildProcess.Run([target, .. options, "--experiment", Experiment, "--artifacts", Artifacts], environment, TimeSpan.FromMinutes(15));
        }

        public void Dispose()
        {
            try
            {
                Directory.Delete(Path.GetDirectoryName(Root)!, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}

using System.Xml.Linq;
using Pipeline.Stages.Actions;
using Pipeline.Tests.Support;
using Xunit;

namespace Pipeline.Tests.Stages;

/// <summary>
/// Issue 16 part 7: the Test target passes <c>--filter</c> to a real <c>dotnet test</c> and reads the tally from the
/// TRX file it writes. Each test runs a small generated xunit project with tests that pass, fail and are skipped.
/// </summary>
public sealed class TestActionTests(TestActionTests.SampleProject sample) : IClassFixture<TestActionTests.SampleProject>
{
    [Fact]
    public void A_filter_selects_tests_and_the_tally_and_failures_come_from_the_trx_file()
    {
        var output = new StringWriter();

        var code = TestAction.Run(sample.Project, sample.Folder, sample.Results, "FullyQualifiedName~Adds|FullyQualifiedName~Fails_on_purpose", output);

        Assert.Equal(1, code);
        var text = output.ToString();
        Assert.Contains("Test: 1 passed, 1 failed, 0 skipped", text, StringComparison.Ordinal);
        Assert.Contains("Failed Sample.SampleTests.Fails_on_purpose", text, StringComparison.Ordinal);
        Assert.Contains("the sample's failure message", text, StringComparison.Ordinal);
        var trx = TrxResults.Read(Path.Combine(sample.Results, TestAction.ResultsFile));
        Assert.Equal((1, 1, 0), (trx.Passed, trx.Failed, trx.Skipped));
        Assert.Equal("Sample.SampleTests.Fails_on_purpose", Assert.Single(trx.Failures).TestName);
    }

    [Fact]
    public void Without_a_filter_every_test_runs_and_skipped_ones_are_counted()
    {
        var output = new StringWriter();

        var code = TestAction.Run(sample.Project, sample.Folder, sample.Results, null, output);

        Assert.Equal(1, code);
        Assert.Contains("Test: 2 passed, 1 failed, 1 skipped", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Passing_tests_alone_exit_0()
    {
        var output = new StringWriter();

        var code = TestAction.Run(sample.Project, sample.Folder, sample.Results, "FullyQualifiedName~tracts|FullyQualifiedName=Sample.SampleTests.Adds", output);

        Assert.True(code == 0, output.ToString());
        Assert.Contains("Test: 2 passed, 0 failed, 0 skipped", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_filter_that_matches_no_test_is_a_failure_not_a_green_run()
    {
        var output = new StringWriter();

        var code = TestAction.Run(sample.Project, sample.Folder, sample.Results, "FullyQualifiedName~NoSuchTest", output);

        Assert.NotEqual(0, code);
        Assert.Contains("Test: no test matched --filter 'FullyQualifiedName~NoSuchTest'", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_a_trx_document_is_an_error_naming_it()
    {
        using var folder = new Pipeline.Tests.Data.TempFolder();
        var path = folder.File("results.trx");
        File.WriteAllText(path, "<testsuites/>");

        var error = Assert.Throws<InvalidDataException>(() => TrxResults.Read(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    /// <summary>A throwaway xunit project outside the repository, with the repository's pinned test package versions.</summary>
    public sealed class SampleProject : IDisposable
    {
        public SampleProject()
        {
            Folder = Path.Combine(Path.GetTempPath(), $"pipeline-trx-sample-{Guid.NewGuid():N}");
            Directory.CreateDirectory(Folder);
            Project = Path.Combine(Folder, "Sample.csproj");
            Results = Path.Combine(Folder, "results");
            var versions = XDocument.Load(Path.Combine(BuildProcess.RepositoryRoot, "Directory.Packages.props"))
                .Descendants("PackageVersion")
                .ToDictionary(p => (string)p.Attribute("Include")!, p => (string)p.Attribute("Version")!);
            string Reference(string package) => $"""    <PackageReference Include="{package}" Version="{versions[package]}" />""";
            File.WriteAllText(Project, $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <IsPackable>false</IsPackable>
                  </PropertyGroup>
                  <ItemGroup>
                {Reference("Microsoft.NET.Test.Sdk")}
                {Reference("xunit")}
                {Reference("xunit.runner.visualstudio")}
                  </ItemGroup>
                </Project>
                """);
            File.WriteAllText(Path.Combine(Folder, "SampleTests.cs"), """
                using Xunit;

                namespace Sample;

                public class SampleTests
                {
                    [Fact]
                    public void Adds() => Assert.Equal(4, 2 + 2);

                    [Fact]
                    public void Subtracts() => Assert.Equal(0, 2 - 2);

                    [Fact]
                    public void Fails_on_purpose() => Assert.Fail("the sample's failure message");

                    [Fact(Skip = "counted as skipped")]
                    public void Is_skipped() => Assert.Fail("never runs");
                }
                """);
        }

        public string Folder { get; }

        public string Project { get; }

        public string Results { get; }

        public void Dispose()
        {
            try
            {
                Directory.Delete(Folder, recursive: true);
            }
            catch (IOException)
            {
                // A build server may still hold a file; a leftover temp folder is harmless.
            }
        }
    }
}

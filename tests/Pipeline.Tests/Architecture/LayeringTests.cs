using Pipeline.Tests.Support;
using Xunit;

namespace Pipeline.Tests.Architecture;

public sealed class LayeringTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "layering-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public void Every_project_references_only_lower_layers_and_no_forbidden_package()
    {
        Assert.Empty(ProjectLayers.Violations(BuildProcess.RepositoryRoot));
    }

    [Fact]
    public void Every_project_of_the_solution_has_a_layer()
    {
        var declared = ProjectLayers.Order.SelectMany(layer => layer).Order(StringComparer.Ordinal);
        var solution = File.ReadAllLines(Path.Combine(BuildProcess.RepositoryRoot, "Pipeline.sln"))
            .Where(line => line.StartsWith("Project(", StringComparison.Ordinal) && line.Contains(".csproj", StringComparison.Ordinal))
            .Select(line => line.Split('"')[5].Replace('\\', '/'))
            .Where(path => !path.StartsWith("tests/", StringComparison.Ordinal))
            .Select(Path.GetFileNameWithoutExtension)
            .Order(StringComparer.Ordinal);
        Assert.Equal(declared, solution);
    }

    [Fact]
    public void An_upward_or_sideways_reference_and_an_unplaced_project_are_reported()
    {
        Project("src/Pipeline.Foundation/Pipeline.Foundation.csproj", "");
        Project("src/Pipeline.Engine/Pipeline.Engine.csproj", """<ProjectReference Include="../Pipeline.Stages/Pipeline.Stages.csproj" /><ProjectReference Include="../Pipeline.Data/Pipeline.Data.csproj" /><PackageReference Include="TorchSharp" />""");
        Project("src/Pipeline.Stages/Pipeline.Stages.csproj", """<ProjectReference Include="../Pipeline.Engine/Pipeline.Engine.csproj" />""");
        Project("src/Pipeline.Data/Pipeline.Data.csproj", "");
        Project("src/Pipeline.Extra/Pipeline.Extra.csproj", "");
        Project("build/_build.csproj", """<Import Project="../src/Torch.props" /><ProjectReference Include="../src/Pipeline.Stages/Pipeline.Stages.csproj" />""");

        var problems = ProjectLayers.Violations(_root);

        Assert.Equal(4, problems.Count);
        Assert.Contains(problems, p => p.Contains("Pipeline.Engine (layer 2) references Pipeline.Stages (layer 4)", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("Pipeline.Engine (layer 2) references Pipeline.Data (layer 2)", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("Pipeline.Engine must not use the package TorchSharp", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("project Pipeline.Extra has no layer", StringComparison.Ordinal));
    }

    [Fact]
    public void A_package_brought_in_by_an_imported_props_file_counts()
    {
        File.WriteAllText(Directory.CreateDirectory(Path.Combine(_root, "src")).FullName + "/Torch.props", """<Project><ItemGroup><PackageReference Include="TorchSharp" /></ItemGroup></Project>""");
        Project("src/Pipeline.Engine/Pipeline.Engine.csproj", """<Import Project="../Torch.props" />""");
        Directory.CreateDirectory(Path.Combine(_root, "build"));

        Assert.Equal(["src/Pipeline.Engine/Pipeline.Engine.csproj: Pipeline.Engine must not use the package TorchSharp"], ProjectLayers.Violations(_root));
    }

    private void Project(string relative, string items)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, $"""<Project Sdk="Microsoft.NET.Sdk"><ItemGroup>{items}</ItemGroup></Project>""");
    }
}

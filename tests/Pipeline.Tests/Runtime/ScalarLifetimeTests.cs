using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Pipeline.Tests.Support;
using Xunit;

namespace Pipeline.Tests.Runtime;

/// <summary>
/// Guards against TorchSharp Scalars that only the garbage collector owns (see <see cref="ScalarLifetimeScanner"/>):
/// every Pipeline assembly that uses TorchSharp is read as IL, so a new <c>x * 2f</c> fails here, not in one run in five.
/// </summary>
public sealed class ScalarLifetimeTests
{
    private static readonly Lazy<ScalarLifetimeScanner> Scanner = new(() => new ScalarLifetimeScanner(typeof(TorchSharp.Scalar).Assembly.Location));

    // Types left out, each with its reason (none at present).
    private static readonly string[] KnownExceptions = [];

    [Fact]
    public void No_Pipeline_assembly_leaves_a_TorchSharp_Scalar_to_the_garbage_collector()
    {
        // The build entry's folder holds every src assembly, Pipeline.Benchmarks included, from this same build.
        var folder = Path.GetDirectoryName(BuildProcess.EntryDll)!;
        var projects = Directory.GetDirectories(Path.Combine(BuildProcess.RepositoryRoot, "src"), "Pipeline.*")
            .Select(directory => Path.GetFileName(directory))
            .Order(StringComparer.Ordinal)
            .ToList();
        var missing = projects.Where(project => !File.Exists(Path.Combine(folder, project + ".dll"))).ToList();
        Assert.True(missing.Count == 0, $"not built next to {BuildProcess.EntryDll}, so not checked: {string.Join(", ", missing)}");

        var torchProjects = projects.Where(project => ReferencesTorchSharp(Path.Combine(folder, project + ".dll"))).ToList();
        Assert.Contains("Pipeline.Augmentation", torchProjects);
        Assert.Contains("Pipeline.Models", torchProjects);

        var findings = torchProjects
            .SelectMany(project => Scanner.Value.Scan(Path.Combine(folder, project + ".dll"), type => !KnownExceptions.Any(e => type == e || type.StartsWith(e + "/", StringComparison.Ordinal))))
            .ToList();
        Assert.True(findings.Count == 0,
            $"{findings.Count} place(s) leave a TorchSharp Scalar to the garbage collector, which can free it during the native call. "
            + "Create it with ToScalar() in a `using var` (or a field the owner disposes), pass an explicit alpha to add/add_ "
            + "(ScalarConstants.One), and avoid number operators on tensors:\n" + string.Join("\n", findings));
    }

    [Fact]
    public void The_scanner_flags_each_kind_of_unowned_Scalar_and_not_the_explicit_disposed_form()
    {
        var sampleType = typeof(ScalarHazardSamples).FullName!;
        var findings = Scanner.Value.Scan(typeof(ScalarHazardSamples).Assembly.Location, type => type == sampleType);
        string[] Of(string method) => findings.Where(f => f.StartsWith($"{sampleType}::{method} ", StringComparison.Ordinal)).ToArray();

        Assert.Contains("converts a number to a Scalar implicitly", Assert.Single(Of(nameof(ScalarHazardSamples.ImplicitConversion))));
        Assert.Contains("TorchSharp.torch/Tensor::op_Multiply(TorchSharp.torch/Tensor,Single)", Assert.Single(Of(nameof(ScalarHazardSamples.NumberOperator))));
        Assert.Contains("TorchSharp.torch/Tensor::op_Addition(TorchSharp.torch/Tensor,TorchSharp.torch/Tensor)", Assert.Single(Of(nameof(ScalarHazardSamples.TensorSum))));
        Assert.Contains("does not keep the Scalar", Assert.Single(Of(nameof(ScalarHazardSamples.LocalNotDisposed))));
        Assert.Contains("does not keep the Scalar", Assert.Single(Of(nameof(ScalarHazardSamples.ScalarPassedStraightOn))));
        Assert.Contains("creates a TorchSharp.Modules.BatchNorm2d", Assert.Single(Of(nameof(ScalarHazardSamples.CountingBatchNorm))));
        Assert.Empty(Of(nameof(ScalarHazardSamples.Explicit)));
        Assert.Equal(6, findings.Count);
    }

    [Fact]
    public void What_the_scanner_learns_from_TorchSharp_matches_its_source()
    {
        var methods = Scanner.Value.UnsafeMethods;
        const string Tensor = "TorchSharp.torch/Tensor";
        // add(x) is add(x, 1); arange(stop) is arange(0, stop, 1); the operators with a number convert it.
        Assert.Contains($"{Tensor}::add({Tensor}){Tensor}", methods.Keys);
        Assert.Contains($"{Tensor}::add_(TorchSharp.Scalar){Tensor}", methods.Keys);
        Assert.Contains($"{Tensor}::op_Addition({Tensor},{Tensor}){Tensor}", methods.Keys);
        Assert.Contains($"{Tensor}::op_Division({Tensor},Single){Tensor}", methods.Keys);
        Assert.Contains($"TorchSharp.torch::arange(TorchSharp.Scalar,System.Nullable`1<TorchSharp.torch/ScalarType>,TorchSharp.torch/Device,Boolean){Tensor}", methods.Keys);
        // The overloads that take every Scalar explicitly go straight to native code.
        Assert.DoesNotContain($"{Tensor}::add({Tensor},TorchSharp.Scalar){Tensor}", methods.Keys);
        Assert.DoesNotContain($"{Tensor}::add_(TorchSharp.Scalar,TorchSharp.Scalar){Tensor}", methods.Keys);
        Assert.DoesNotContain($"{Tensor}::mul(TorchSharp.Scalar){Tensor}", methods.Keys);
        Assert.DoesNotContain($"{Tensor}::op_Subtraction({Tensor},TorchSharp.Scalar){Tensor}", methods.Keys);
        Assert.DoesNotContain($"TorchSharp.torch::arange(TorchSharp.Scalar,TorchSharp.Scalar,TorchSharp.Scalar,System.Nullable`1<TorchSharp.torch/ScalarType>,TorchSharp.torch/Device,Boolean){Tensor}", methods.Keys);
        // BatchNorm's forward counts batches with num_batches_tracked.add_(1); Conv2d's forward creates no Scalar.
        Assert.Contains("TorchSharp.Modules.BatchNorm1d", Scanner.Value.UnsafeModules.Keys);
        Assert.Contains("TorchSharp.Modules.BatchNorm2d", Scanner.Value.UnsafeModules.Keys);
        Assert.DoesNotContain("TorchSharp.Modules.Conv2d", Scanner.Value.UnsafeModules.Keys);
        Assert.DoesNotContain("TorchSharp.Modules.Linear", Scanner.Value.UnsafeModules.Keys);
    }

    private static bool ReferencesTorchSharp(string assemblyPath)
    {
        using var pe = new PEReader(File.OpenRead(assemblyPath));
        var reader = pe.GetMetadataReader();
        return reader.AssemblyReferences.Any(handle => reader.GetString(reader.GetAssemblyReference(handle).Name) == "TorchSharp");
    }
}

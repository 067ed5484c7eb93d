using Pipeline.Benchmarks.Figures;
using Pipeline.Tests.Support;
using Xunit;

namespace Pipeline.Tests.Benchmarks;

/// <summary>The TTA-vs-PyTorch figure is measured only where PyTorch runs, and says why not elsewhere (never a number).</summary>
public sealed class TtaAgainstPyTorchTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tta-pytorch-").FullName;
    private readonly string _script = Path.Combine(BuildProcess.RepositoryRoot, "benchmarks", "torch_infer.py");

    private string Log => Path.Combine(_folder, "check.log");

    [Fact]
    public void A_missing_script_is_named()
    {
        var missing = Path.Combine(_folder, "torch_infer.py");
        var why = TtaAgainstPyTorch.PyTorchUnavailable(TtaAgainstPyTorch.Python, missing, _folder, Log);
        Assert.Equal($"{missing} is missing", why);
    }

    [Fact]
    public void A_missing_interpreter_is_named()
    {
        var python = Path.Combine(_folder, "python3");
        var why = TtaAgainstPyTorch.PyTorchUnavailable(python, _script, _folder, Log);
        Assert.NotNull(why);
        Assert.StartsWith($"{python} does not exist", why);
    }

    [Fact]
    public void An_interpreter_that_cannot_import_torch_is_reported_with_the_package_to_install()
    {
        var why = TtaAgainstPyTorch.PyTorchUnavailable("/bin/false", _script, _folder, Log);
        Assert.NotNull(why);
        Assert.Contains("/bin/false cannot import torch", why);
        Assert.Contains("apt-get install python3-torch", why);
    }

    [Fact]
    public void Debian_PyTorch_as_the_CI_installs_it_is_available()
    {
        // .ci/run installs python3-torch and python3-torchvision for the checkpoint tests.
        Assert.Null(TtaAgainstPyTorch.PyTorchUnavailable(TtaAgainstPyTorch.Python, _script, _folder, Log));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}

using Pipeline.Models.Backbones;
using TorchSharp;
using Xunit;

namespace Pipeline.Tests.Models;

/// <summary>
/// The cuDNN switches a CUDA stage sets (issue 14): libtorch keeps them in its global context on any machine, so
/// they are set and read back here on CPU. The test restores what it found, since the context is process-wide.
/// </summary>
[Collection(GlobalRandomStateCollection.Name)]
public sealed class CudnnDeterminismTests
{
    [Fact]
    public void Enable_turns_cudnn_determinism_on_and_benchmark_off_as_libtorch_reports_them()
    {
        _ = torch.ones(1); // libtorch loaded, as in a stage
        var before = CudnnDeterminism.Current();
        Assert.NotNull(before);
        try
        {
            CudnnDeterminism.Apply(new CudnnDeterminism.State(DeterministicCudnn: false, BenchmarkCudnn: true, DeterministicAlgorithms: false, WarnOnly: false));

            var state = CudnnDeterminism.Enable();

            Assert.Equal(new CudnnDeterminism.State(DeterministicCudnn: true, BenchmarkCudnn: false, DeterministicAlgorithms: true, WarnOnly: true), state);
            Assert.Equal(state, CudnnDeterminism.Current());
        }
        finally
        {
            CudnnDeterminism.Apply(before!);
        }

        Assert.Equal(before, CudnnDeterminism.Current());
    }
}

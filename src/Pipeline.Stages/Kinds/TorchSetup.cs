using Pipeline.Engine;
using TorchSharp;

namespace Pipeline.Stages.Kinds;

/// <summary>Per-process torch settings of a stage: threads, the device, and the seed discipline.</summary>
internal static class TorchSetup
{
    /// <summary>Sets torch's thread pools and returns the device the spec names; CUDA that is not there is an error, never a silent fallback.</summary>
    public static torch.Device Configure(StageContext context)
    {
        torch.set_num_threads(context.Threads);
        // Inter-op parallelism would make reductions order-dependent across runs: keep one.
        torch.set_num_interop_threads(1);
        var device = context.Device;
        if (device.StartsWith("cuda", StringComparison.Ordinal))
        {
            if (!torch.cuda.is_available())
            {
                throw new InvalidOperationException($"device '{device}' was chosen but torch.cuda.is_available() is false in this process");
            }

            EnableCudaDeterminism(context);

            // With --jobs > 1 on a machine with several GPUs, each stage process takes its own (the 2017 team
            // trained two models at once on a K80's two GPUs).
            var slot = int.TryParse(Environment.GetEnvironmentVariable(BuildEngine.SlotVariable), out var s) ? s : 0;
            var count = torch.cuda.device_count();
            if (device == "cuda" && count > 1)
            {
                device = $"cuda:{slot % count}";
            }
        }

        context.Log.WriteLine($"torch: {context.Threads} threads, {context.Cores} cores given, device {device}");
        return torch.device(device);
    }

    /// <summary>
    /// cuDNN determinism for a CUDA run (<see cref="Pipeline.Models.Backbones.CudnnDeterminism"/>): deterministic
    /// convolution algorithms on, benchmark mode off, libtorch's deterministic algorithms on (warn only). cuBLAS
    /// also needs <c>CUBLAS_WORKSPACE_CONFIG</c>, which the orchestrator sets for CUDA stage processes
    /// (<see cref="StageEnvironment"/>). What stays nondeterministic: docs/gpu.md.
    /// </summary>
    private static void EnableCudaDeterminism(StageContext context)
    {
        var state = Pipeline.Models.Backbones.CudnnDeterminism.Enable()
            ?? throw new InvalidOperationException("cannot reach libtorch's cuDNN switches (libtorch_cpu.so exports) to make CUDA deterministic");
        if (!state.DeterministicCudnn || state.BenchmarkCudnn || !state.DeterministicAlgorithms)
        {
            throw new InvalidOperationException($"libtorch did not take the determinism settings: {state}");
        }

        context.Log.WriteLine($"cuda: cuDNN deterministic on, benchmark off, deterministic algorithms on (warn only), TF32 cuDNN {torch.backends.cudnn.allow_tf32} matmul {torch.backends.cuda.matmul.allow_tf32}");
    }
}

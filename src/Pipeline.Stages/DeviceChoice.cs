namespace Pipeline.Stages;

/// <summary>
/// Resolves <c>--device</c> in the orchestrator without loading libtorch (a no-op build must not pay for it):
/// <c>auto</c> is CUDA when this build links the CUDA backend and an NVIDIA device node exists. Each stage
/// process checks <c>torch.cuda.is_available()</c> again and fails clearly when CUDA was chosen but is absent.
/// </summary>
public static class DeviceChoice
{
    /// <summary>
    /// Whether this build links the CUDA libtorch backend (<c>TORCH_CUDA</c>). A property rather than a constant,
    /// so the code below compiles to the same shape in both configurations (no arm is unreachable in either).
    /// </summary>
    public static bool CudaBackend { get; } =
#if TORCH_CUDA
        true;
#else
        false;
#endif

    public static (string Device, string? Error) Resolve(string requested) => requested switch
    {
        "cpu" => ("cpu", null),
        "cuda" => CudaBackend
            ? ("cuda", null)
            : ("cuda", "--device cuda needs the CUDA backend: rebuild with ./build.sh --cuda (see README, 'GPU runners')"),
        _ => (CudaBackend && File.Exists("/dev/nvidia0") ? "cuda" : "cpu", null),
    };
}

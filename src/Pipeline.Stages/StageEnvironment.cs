using Pipeline.Stages.Experiments;

namespace Pipeline.Stages;

/// <summary>Environment variables of the stage processes: allocator settings chosen by measurement plus the experiment's own.</summary>
public static class StageEnvironment
{
    /// <summary>
    /// glibc keeps freed memory instead of returning it to the OS (mmap threshold 32 MB, no trimming below
    /// 4 GB, 256 MB top pad): libtorch frees and reallocates its activations every step, and on our VMs the
    /// page faults of returning them cost about half the training step (see docs/performance.md).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> TunedAllocator = new Dictionary<string, string>
    {
        ["MALLOC_MMAP_THRESHOLD_"] = "33554432",
        ["MALLOC_TRIM_THRESHOLD_"] = "4294967296",
        ["MALLOC_TOP_PAD_"] = "268435456",
    };

    /// <summary>
    /// cuBLAS is deterministic only with a fixed workspace configuration (NVIDIA's cuBLAS docs, "Results
    /// reproducibility"); libtorch's deterministic mode expects it. cuBLAS reads it when it starts, from the process
    /// environment, so the orchestrator sets it for CUDA stage processes.
    /// </summary>
    public static readonly KeyValuePair<string, string> CublasWorkspace = new("CUBLAS_WORKSPACE_CONFIG", ":4096:8");

    public static IReadOnlyDictionary<string, string> For(RuntimeConfig runtime, string device = "cpu")
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        if (device.StartsWith("cuda", StringComparison.Ordinal))
        {
            environment[CublasWorkspace.Key] = CublasWorkspace.Value;
        }

        if (runtime.TunedAllocator)
        {
            foreach (var (name, value) in TunedAllocator)
            {
                environment[name] = value;
            }
        }

        foreach (var (name, value) in runtime.Env)
        {
            environment[name] = value;
        }

        return environment;
    }
}

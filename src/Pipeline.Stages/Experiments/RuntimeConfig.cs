namespace Pipeline.Stages.Experiments;

/// <summary>
/// Process settings of the stage processes. They change speed, never results, so they stay out of
/// the stage keys (threads, which do change results, come from <c>--threads</c> and are part of the keys).
/// </summary>
public sealed record RuntimeConfig
{
    /// <summary>
    /// glibc malloc settings that keep freed memory in the process instead of returning it to the OS
    /// (measured on our VMs: about 2x on a TorchSharp training step; see docs/performance.md).
    /// </summary>
    public bool TunedAllocator { get; init; } = true;

    /// <summary>Extra environment variables for every stage process, e.g. <c>ONEDNN_MAX_CPU_ISA: AVX</c>.</summary>
    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();
}

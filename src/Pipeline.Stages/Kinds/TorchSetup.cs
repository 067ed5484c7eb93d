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

            // With --jobs > 1 on a machine with several GPUs, each stage process takes its own (the 2017 team
            // trained two models at once on a K80's two GPUs).
            var slot = int.TryParse(Environment.GetEnvironmentVariable(BuildEngine.SlotVariable), out var s) ? s : 0;
            var count = torch.cuda.device_count();
            if (device == "cuda" && count > 1)
            {
                device = $"cuda:{slot % count}";
            }
        }

        context.Log.WriteLine($"torch: {context.Threads} threads, device {device}");
        return torch.device(device);
    }
}

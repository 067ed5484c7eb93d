using System.Runtime.InteropServices;
using TorchSharp;

namespace Pipeline.Augmentation;

/// <summary>
/// Caps libtorch's intra-op threads on the calling thread only. Augmentation that runs beside the model's
/// step (the training prefetch thread) would otherwise start its own OpenMP team as wide as the step's, so
/// on a 2-core machine four busy threads share two cores and each team's barriers wait for a thread that is
/// not running. <c>torch.set_num_threads</c> cannot do this: it also changes the process-wide default that
/// every thread starting later picks up. OpenMP's own <c>omp_set_num_threads</c> is per thread; it is called
/// in the OpenMP runtime libtorch was linked with (the <c>libgomp</c> shipped beside libtorch_cpu.so).
/// Elementwise and sampling kernels give the same results with any thread count.
/// </summary>
public static class IntraOpThreads
{
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate void SetNumThreadsFn(int threads);

    private static readonly Lazy<SetNumThreadsFn?> SetNumThreads = new(Bind);

    /// <summary>
    /// Limits the calling thread to <paramref name="threads"/> intra-op threads; returns whether libtorch now
    /// reports that limit on this thread (false where the OpenMP runtime cannot be found: nothing changes).
    /// </summary>
    public static bool TryLimitCurrentThread(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        // libtorch sets each thread's OpenMP thread count from the process-wide one the first time the thread
        // asks for it; ask first, so that first time cannot undo the limit afterwards.
        torch.get_num_threads();
        if (SetNumThreads.Value is not { } set)
        {
            return false;
        }

        set(threads);
        return torch.get_num_threads() == threads;
    }

    private static SetNumThreadsFn? Bind()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }
        // The wheel-style libtorch ships its OpenMP runtime under a hashed name (libgomp-98b21ff3.so.1) and
        // loads it from its own folder; dlopen of that path hands back the copy already loaded.
        var candidates = new[] { "libgomp*.so*", "libiomp5*.so*", "libomp*.so*" }
            .SelectMany(pattern => Directory.EnumerateFiles(AppContext.BaseDirectory, pattern))
            .ToList();
        if (candidates.Count != 1 || !NativeLibrary.TryLoad(candidates[0], out var library))
        {
            return null;
        }

        return NativeLibrary.TryGetExport(library, "omp_set_num_threads", out var function)
            ? Marshal.GetDelegateForFunctionPointer<SetNumThreadsFn>(function)
            : null;
    }
}

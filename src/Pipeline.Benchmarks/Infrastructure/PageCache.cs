using System.Runtime.InteropServices;

namespace Pipeline.Benchmarks.Infrastructure;

/// <summary>
/// Evicts files from the kernel's page cache so a read measures the disk. posix_fadvise(DONTNEED) on each
/// (clean, fsynced) file evicts just that file set; dropping every cache (/proc/sys/vm/drop_caches) would
/// also slow down whatever else runs on the machine.
/// </summary>
public static partial class PageCache
{
    private const int PosixFadvDontNeed = 4;

    /// <summary>Evicts each file; returns how many the kernel accepted the advice for.</summary>
    public static int Evict(IEnumerable<string> files)
    {
        if (!OperatingSystem.IsLinux())
        {
            return 0;
        }

        int evicted = 0;
        foreach (var file in files)
        {
            using var handle = File.OpenHandle(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (Fadvise((int)handle.DangerousGetHandle(), 0, 0, PosixFadvDontNeed) == 0)
            {
                evicted++;
            }
        }
        return evicted;
    }

    [LibraryImport("libc", EntryPoint = "posix_fadvise")]
    private static partial int Fadvise(int fd, long offset, long length, int advice);
}

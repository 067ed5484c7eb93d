using System.Diagnostics;
using Pipeline.Benchmarks.Infrastructure;
using Pipeline.Engine;

namespace Pipeline.Benchmarks.Figures;

/// <summary>
/// (f) the engine's <see cref="ContentHasher"/> on a 1 GiB file set (8 files of 96 MiB, 256 of 1 MiB) in a temporary
/// folder: cold (each file evicted from the page cache first), warm (in the page cache, empty stat cache), and
/// with the stat cache filled (what a no-op build does: no file is read).
/// </summary>
public static class HashingThroughput
{
    private const int Mebibyte = 1 << 20;
    private const long TotalBytes = 1L << 30;

    public static IReadOnlyList<Figure> Measure(BenchContext context, int repeats)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"pipeline-bench-hash-{Environment.ProcessId}");
        try
        {
            var files = Write(folder);
            // The stat cache trusts a hash only when it was taken clearly after the file's last write.
            var past = DateTime.UtcNow.AddHours(-1);
            foreach (var file in files)
            {
                File.SetLastWriteTimeUtc(file, past);
            }

            var racy = TimeSpan.FromSeconds(2);

            var cold = new List<double>();
            int evicted = 0;
            for (int r = 0; r < Math.Min(repeats, 3); r++)
            {
                evicted = PageCache.Evict(files);
                cold.Add(Rate(folder, new ContentHasher(StatCache.InMemory(racy))));
            }

            var warm = new List<double>();
            for (int r = 0; r < repeats; r++)
            {
                warm.Add(Rate(folder, new ContentHasher(StatCache.InMemory(racy))));
            }

            var primed = new ContentHasher(StatCache.InMemory(racy));
            primed.HashDirectory(folder);
            long readBefore = primed.FilesHashed;
            var cachedSeconds = new List<double>();
            for (int r = 0; r < repeats; r++)
            {
                var clock = Stopwatch.StartNew();
                primed.HashDirectory(folder);
                cachedSeconds.Add(clock.Elapsed.TotalSeconds);
            }
            long reread = primed.FilesHashed - readBefore;

            var set = $"1 GiB in {files.Count} files";
            var eviction = evicted == files.Count
                ? "page cache evicted per file with posix_fadvise(DONTNEED) (targeted, leaves other processes' caches alone); the VM host may still cache the disk"
                : $"eviction failed for {files.Count - evicted} of {files.Count} files: the cold figure may be warm";
            return
            [
                Figure.Of("f.cold", $"ContentHasher, cold ({set})", "GB/s", cold).WithNote(eviction),
                Figure.Of("f", $"ContentHasher, warm: files in the page cache, empty stat cache ({set})", "GB/s", warm).AtLeast(1.0),
                Figure.Of("f.stat", $"ContentHasher with the stat cache filled ({set}): time to confirm the set unchanged", "ms", cachedSeconds.Select(s => s * 1000).ToList())
                    .WithNote($"files read again: {reread}"),
                Figure.Of("f.reread", "files the stat-cached runs read again", "files", [reread]).AtMost(0, "0"),
            ];
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static double Rate(string folder, ContentHasher hasher)
    {
        var clock = Stopwatch.StartNew();
        hasher.HashDirectory(folder);
        return hasher.BytesHashed / clock.Elapsed.TotalSeconds / 1e9;
    }

    private static List<string> Write(string folder)
    {
        Directory.CreateDirectory(folder);
        var block = new byte[Mebibyte];
        new Random(8).NextBytes(block);
        var sizes = Enumerable.Repeat(96, 8).Concat(Enumerable.Repeat(1, 256)).ToList();
        var files = new List<string>();
        long written = 0;
        for (int i = 0; i < sizes.Count; i++)
        {
            var path = Path.Combine(folder, i < 8 ? $"large/{i:00}.bin" : $"small/{i / 16:00}/{i:000}.bin");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using (var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.None))
            {
                for (int m = 0; m < sizes[i]; m++)
                {
                    // Every mebibyte differs, so no two files or blocks hash alike.
                    BitConverter.TryWriteBytes(block, written + m);
                    stream.Write(block);
                }
                stream.Flush(flushToDisk: true);
            }
            written += (long)sizes[i] * Mebibyte;
            files.Add(path);
        }
        Debug.Assert(written == TotalBytes);
        return files;
    }
}

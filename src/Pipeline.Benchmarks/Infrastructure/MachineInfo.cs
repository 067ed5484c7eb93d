using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Pipeline.Benchmarks.Infrastructure;

/// <summary>What the figures were measured on: machine, CPU, threads, versions, date and how busy the machine was.</summary>
public sealed record MachineInfo
{
    public required string Machine { get; init; }
    public required string CpuModel { get; init; }
    public required int LogicalCores { get; init; }
    public required int TorchThreads { get; init; }
    public required string MemoryTotal { get; init; }
    public required string Os { get; init; }
    public required string DotNet { get; init; }
    public required string TorchSharp { get; init; }
    public required string LibTorch { get; init; }
    public required DateTimeOffset Date { get; init; }

    /// <summary>1-, 5- and 15-minute load averages when the benchmark started.</summary>
    public required string LoadAverageAtStart { get; init; }

    /// <summary>Environment the worker and stage processes got (the tuned glibc allocator).</summary>
    public required IReadOnlyDictionary<string, string> WorkerEnvironment { get; init; }

    public static MachineInfo Collect(int threads, IReadOnlyDictionary<string, string> workerEnvironment)
    {
        var packages = PackageVersions();
        return new MachineInfo
        {
            Machine = Environment.MachineName,
            CpuModel = CpuModelName(),
            LogicalCores = Environment.ProcessorCount,
            TorchThreads = threads,
            MemoryTotal = MemoryTotalText(),
            Os = RuntimeInformation.OSDescription,
            DotNet = RuntimeInformation.FrameworkDescription,
            TorchSharp = packages.GetValueOrDefault("TorchSharp", "unknown"),
            LibTorch = packages.TryGetValue("libtorch-cpu-linux-x64", out var cpu) ? $"{cpu} (cpu)"
                : packages.TryGetValue("TorchSharp-cuda-linux", out var cuda) ? $"TorchSharp-cuda-linux {cuda}" : "unknown",
            Date = DateTimeOffset.UtcNow,
            LoadAverageAtStart = LoadAverage(),
            WorkerEnvironment = workerEnvironment,
        };
    }

    /// <summary>The first three fields of /proc/loadavg, or "unknown".</summary>
    public static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    /// <summary>The 1-minute load average, NaN when unknown.</summary>
    public static double LoadAverageOneMinute() =>
        double.TryParse(LoadAverage().Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var load) ? load : double.NaN;

    private static string CpuModelName()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line?.Split(':', 2)[1].Trim() ?? RuntimeInformation.ProcessArchitecture.ToString();
        }
        catch (IOException)
        {
            return RuntimeInformation.ProcessArchitecture.ToString();
        }
    }

    private static string MemoryTotalText()
    {
        try
        {
            var line = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
            if (line is not null && long.TryParse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], out var kb))
            {
                return string.Create(CultureInfo.InvariantCulture, $"{kb / 1048576.0:0.0} GiB");
            }
        }
        catch (IOException)
        {
        }
        return "unknown";
    }

    /// <summary>Package versions from the entry's deps.json (reading them there loads no native library).</summary>
    private static Dictionary<string, string> PackageVersions()
    {
        var versions = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var deps in Directory.EnumerateFiles(AppContext.BaseDirectory, "*.deps.json"))
        {
            try
            {
                using var document = JsonDocument.Parse(File.ReadAllBytes(deps));
                if (!document.RootElement.TryGetProperty("libraries", out var libraries))
                {
                    continue;
                }

                foreach (var library in libraries.EnumerateObject())
                {
                    var parts = library.Name.Split('/', 2);
                    if (parts.Length == 2)
                    {
                        versions.TryAdd(parts[0], parts[1]);
                    }
                }
            }
            catch (JsonException)
            {
                // Another program's deps file in the folder: not ours to read.
            }
        }
        return versions;
    }
}

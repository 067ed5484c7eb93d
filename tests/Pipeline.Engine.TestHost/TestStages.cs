using System.Text;
using System.Text.Json.Nodes;
using Pipeline.Engine;
using Pipeline.Foundation;

namespace Pipeline.Engine.TestHost;

/// <summary>
/// Stage kinds that do no real work, so engine tests can observe executions (a counter file), overlap (markers),
/// failures, and kills without training anything.
/// </summary>
internal static class TestStages
{
    /// <summary>Tests name a counter file here; every stage process appends its spec's file name to it.</summary>
    public const string CounterVariable = "ENGINE_TEST_COUNTER";

    public static StageRegistry CreateRegistry() => new StageRegistry()
        .Add("write", Write)
        .Add("count", Count)
        .Add("bytes", Bytes)
        .Add("sleep-marker", SleepMarker)
        .Add("fail", Fail)
        .Add("hang", Hang)
        .Add("progress", Progress);

    /// <summary>Appends one line per stage process (the run id is read from the spec) to the counter file, if any.</summary>
    public static void CountExecution(string specPath)
    {
        var counter = Environment.GetEnvironmentVariable(CounterVariable);
        if (string.IsNullOrEmpty(counter))
        {
            return;
        }

        var runId = File.Exists(specPath) ? JsonNode.Parse(File.ReadAllText(specPath))?["runId"]?.GetValue<string>() : null;
        // O_APPEND writes of one short line do not interleave between processes.
        using var stream = new FileStream(counter, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        stream.Write(Encoding.UTF8.GetBytes((runId ?? "?") + "\n"));
    }

    /// <summary>
    /// Writes <c>files</c> (name → content); with <c>copy_inputs</c> copies of its data inputs under <c>inputs/</c>;
    /// with <c>concat_upstream</c> also <c>upstream.txt</c>, every upstream file's
    /// content in upstream order; with <c>headline</c> a <c>metrics.json</c>; with <c>environment</c> (a variable
    /// name) <c>environment.txt</c>, that variable's value in the stage process.
    /// </summary>
    private static async Task Write(StageContext context)
    {
        if (context.Parameters["environment"]?.GetValue<string>() is { } variable)
        {
            await File.WriteAllTextAsync(
                Path.Combine(context.OutputDirectory, "environment.txt"), Environment.GetEnvironmentVariable(variable) ?? "(unset)", context.CancellationToken);
        }

        if (context.Parameters["files"] is JsonObject files)
        {
            foreach (var (name, content) in files)
            {
                var path = Path.Combine(context.OutputDirectory, name);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                await File.WriteAllTextAsync(path, content?.GetValue<string>() ?? "", context.CancellationToken);
            }
        }

        if (context.Parameters["copy_inputs"]?.GetValue<bool>() == true)
        {
            foreach (var (keyPath, fullPath) in context.Inputs)
            {
                var target = Path.Combine(context.OutputDirectory, "inputs", keyPath);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(fullPath, target, overwrite: true);
            }
        }

        if (context.Parameters["concat_upstream"]?.GetValue<bool>() == true)
        {
            var text = new StringBuilder();
            foreach (var upstream in context.Upstream)
            {
                foreach (var file in Directory.EnumerateFiles(upstream.Directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                {
                    if (Path.GetFileName(file) is "manifest.json" or "metrics.json")
                    {
                        continue;
                    }

                    text.Append(upstream.RunId).Append(':').Append(Path.GetRelativePath(upstream.Directory, file)).Append('=')
                        .Append(await File.ReadAllTextAsync(file, context.CancellationToken)).Append('\n');
                }
            }

            await File.WriteAllTextAsync(Path.Combine(context.OutputDirectory, "upstream.txt"), text.ToString(), context.CancellationToken);
        }

        if (context.Parameters["headline"] is JsonObject headline)
        {
            var metrics = new JsonObject { ["headline"] = headline.DeepClone() };
            await File.WriteAllTextAsync(Path.Combine(context.OutputDirectory, "metrics.json"), metrics.ToJsonString(), context.CancellationToken);
        }

        await context.Log.WriteLineAsync($"{context.RunId}: wrote {context.Parameters.ToJsonString()}");
    }

    /// <summary>Writes <c>data.bin</c>: <c>size</c> pseudo-random bytes from <c>seed</c> (a checkpoint-sized output).</summary>
    private static async Task Bytes(StageContext context)
    {
        var size = context.Parameters["size"]!.GetValue<long>();
        var random = new Random(context.Parameters["seed"]?.GetValue<int>() ?? 1);
        var buffer = new byte[1 << 20];
        await using var stream = File.Create(Path.Combine(context.OutputDirectory, "data.bin"));
        for (long written = 0; written < size; written += buffer.Length)
        {
            random.NextBytes(buffer);
            await stream.WriteAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, size - written)), context.CancellationToken);
        }
    }

    private static async Task Count(StageContext context) =>
        await File.WriteAllTextAsync(Path.Combine(context.OutputDirectory, "count.txt"), context.RunId, context.CancellationToken);

    /// <summary>
    /// Writes <c>markers/name.start</c>, waits until <c>markers/other.start</c> exists for every name in
    /// <c>wait_for</c> (failing with exit code 3 after <c>timeout_ms</c>), then writes <c>markers/name.end</c>.
    /// Two runs waiting for each other can only both succeed if they execute at the same time.
    /// </summary>
    private static async Task SleepMarker(StageContext context)
    {
        var markers = context.Parameters["markers"]!.GetValue<string>();
        var name = context.Parameters["name"]!.GetValue<string>();
        var timeout = TimeSpan.FromMilliseconds(context.Parameters["timeout_ms"]?.GetValue<int>() ?? 20000);
        var waitFor = context.Parameters["wait_for"]?.AsArray().Select(n => n!.GetValue<string>()).ToList() ?? [];
        Directory.CreateDirectory(markers);
        await File.WriteAllTextAsync(Path.Combine(markers, name + ".start"), "", context.CancellationToken);
        var deadline = DateTime.UtcNow + timeout;
        foreach (var other in waitFor)
        {
            while (!File.Exists(Path.Combine(markers, other + ".start")))
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new StageExitException(3, $"timed out waiting for {other}.start");
                }

                await Task.Delay(20, context.CancellationToken);
            }
        }

        await File.WriteAllTextAsync(Path.Combine(markers, name + ".end"), "", context.CancellationToken);
        await File.WriteAllTextAsync(Path.Combine(context.OutputDirectory, "done.txt"), name, context.CancellationToken);
    }

    /// <summary>
    /// Reports <c>epochs</c> epoch ends through the structured progress channel, then waits for <c>release_file</c>
    /// (exit code 3 after <c>timeout_ms</c>): it can only finish if someone saw its progress while it ran.
    /// </summary>
    private static async Task Progress(StageContext context)
    {
        var epochs = context.Parameters["epochs"]!.GetValue<int>();
        var releaseFile = context.Parameters["release_file"]!.GetValue<string>();
        var timeout = TimeSpan.FromMilliseconds(context.Parameters["timeout_ms"]?.GetValue<int>() ?? 30000);
        for (var epoch = 1; epoch <= epochs; epoch++)
        {
            context.Progress.Report(new StageProgressReport
            {
                Time = DateTimeOffset.UtcNow,
                Phase = "warm",
                Epoch = epoch,
                Epochs = epochs,
                Step = 4,
                Steps = 4,
                ImagesPerSecond = 100,
                Fraction = (double)epoch / epochs,
                EpochEnd = true,
            });
        }

        var deadline = DateTime.UtcNow + timeout;
        while (!File.Exists(releaseFile))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new StageExitException(3, $"nobody saw the progress: {releaseFile} did not appear");
            }

            await Task.Delay(20, context.CancellationToken);
        }

        await File.WriteAllTextAsync(Path.Combine(context.OutputDirectory, "done.txt"), "done", context.CancellationToken);
    }

    /// <summary>Writes something to both streams, then exits with <c>exit_code</c>.</summary>
    private static async Task Fail(StageContext context)
    {
        var code = context.Parameters["exit_code"]?.GetValue<int>() ?? 1;
        await context.Log.WriteLineAsync("about to fail");
        throw new StageExitException(code, $"failing on purpose with exit code {code}");
    }

    /// <summary>
    /// Writes its pid to <c>pid_file</c> and <c>partial.txt</c> into its output, then hangs until killed, unless
    /// <c>release_file</c> exists: then it finishes, saying in <c>result.txt</c> whether it found a partial output
    /// of an earlier, killed attempt (a resume).
    /// </summary>
    private static async Task Hang(StageContext context)
    {
        var partial = Path.Combine(context.OutputDirectory, "partial.txt");
        var resumed = File.Exists(partial);
        await File.WriteAllTextAsync(partial, "partial", context.CancellationToken);
        var pidFile = context.Parameters["pid_file"]!.GetValue<string>();
        var releaseFile = context.Parameters["release_file"]!.GetValue<string>();
        AtomicFile.WriteAllText(pidFile, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (!File.Exists(releaseFile))
        {
            await Task.Delay(Timeout.Infinite, context.CancellationToken);
        }

        await File.WriteAllTextAsync(Path.Combine(context.OutputDirectory, "result.txt"), resumed ? "resumed" : "fresh", context.CancellationToken);
    }
}

using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Pipeline.Benchmarks.Infrastructure;

/// <summary>
/// A real S3-compatible server for tests and the remote cache benchmark: <c>s3rver</c> (npm, installed by
/// <c>.ci/run</c> under <c>.tools/</c>) on a free localhost port, storing into a temporary folder, with one bucket. It checks access key ids (the dummy account
/// is S3RVER/S3RVER) but, unlike AWS, not version-4 signatures. Killed and its folder deleted on dispose.
/// </summary>
public sealed partial class S3rverServer : IDisposable
{
    public const string Bucket = "cache";
    public const string AccessKey = "S3RVER";
    public const string SecretKey = "S3RVER";
    private readonly string _repositoryRoot;
    private Process? _process;

    public S3rverServer(string repositoryRoot)
    {
        _repositoryRoot = repositoryRoot;
        DataDirectory = Path.Combine(Path.GetTempPath(), $"s3rver-{Guid.NewGuid():N}");
        Directory.CreateDirectory(DataDirectory);
        Start(0);
    }

    /// <summary>The endpoint, <c>http://127.0.0.1:port</c>.</summary>
    public string Endpoint => $"http://127.0.0.1:{Port}";

    public int Port { get; private set; }

    /// <summary>Where the server keeps buckets and objects.</summary>
    public string DataDirectory { get; }

    /// <summary>The variables a <c>_build</c> process needs to use this server (with another access key id: a wrong credential).</summary>
    public IReadOnlyDictionary<string, string> Environment(string? accessKey = null) => new Dictionary<string, string>
    {
        ["AWS_ACCESS_KEY_ID"] = accessKey ?? AccessKey,
        ["AWS_SECRET_ACCESS_KEY"] = SecretKey,
        ["PIPELINE_S3_ENDPOINT"] = Endpoint,
        // Keep the SDK from looking at the machine's own profiles or instance metadata.
        ["AWS_CONFIG_FILE"] = "/dev/null",
        ["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null",
    };

    /// <summary>The npm package the tests start; .ci/run installs the same version.</summary>
    public const string Package = "s3rver@3.7.1";

    private static readonly Lock InstallGate = new();

    /// <summary>
    /// The s3rver program: PIPELINE_S3RVER, else .tools/node_modules/.bin/s3rver, else s3rver on PATH. When none
    /// exists and npm is on PATH, <see cref="Package"/> is installed into .tools/ first, so <c>./build.sh Test</c> on a
    /// fresh clone needs no separate step.
    /// </summary>
    public static string Program(string repositoryRoot)
    {
        var candidates = new List<string>();
        if (System.Environment.GetEnvironmentVariable("PIPELINE_S3RVER") is { Length: > 0 } configured)
        {
            candidates.Add(configured);
        }

        var tools = Path.Combine(repositoryRoot, ".tools");
        candidates.Add(Path.Combine(tools, "node_modules", ".bin", "s3rver"));
        var path = (System.Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries);
        candidates.AddRange(path.Select(dir => Path.Combine(dir, "s3rver")));
        lock (InstallGate)
        {
            if (candidates.FirstOrDefault(File.Exists) is { } found)
            {
                return found;
            }

            var npm = path.Select(dir => Path.Combine(dir, "npm")).FirstOrDefault(File.Exists);
            var problem = npm is null ? "npm is not on PATH" : Install(npm, tools);
            return candidates.FirstOrDefault(File.Exists)
                ?? throw new InvalidOperationException(
                    $"s3rver is not installed ({problem}): the S3 tests need a real S3-compatible server. Install it as .ci/run does: "
                    + $"npm install --no-save --prefix .tools {Package} (or set PIPELINE_S3RVER to its path).");
        }
    }

    /// <summary>Runs <c>npm install</c> of <see cref="Package"/> into <paramref name="tools"/>; what went wrong, or "installed".</summary>
    private static string Install(string npm, string tools)
    {
        Directory.CreateDirectory(tools);
        var start = new System.Diagnostics.ProcessStartInfo(npm)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "install", "--no-save", "--no-audit", "--no-fund", "--prefix", tools, Package })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = System.Diagnostics.Process.Start(start);
        if (process is null)
        {
            return $"could not start {npm}";
        }

        var error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            return $"npm install {Package} did not finish in 5 minutes";
        }

        return process.ExitCode == 0 ? "installed" : $"npm install {Package} failed with exit code {process.ExitCode}: {error.Result.Trim()}";
    }

    /// <summary>Kills the server at once (SIGKILL), as a crashed remote would die.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    /// <summary>Starts the server again on the same port and folder (after <see cref="Kill"/>).</summary>
    public void Restart()
    {
        Kill();
        _process?.Dispose();
        Start(Port);
    }

    public void Dispose()
    {
        Kill();
        _process?.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void Start(int port)
    {
        var start = new ProcessStartInfo(Program(_repositoryRoot))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-d", DataDirectory, "-a", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-s", "--configure-bucket", Bucket })
        {
            start.ArgumentList.Add(argument);
        }

        _process = System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException("could not start s3rver");
        var error = _process.StandardError.ReadToEndAsync();
        var ready = Task.Run(() =>
        {
            string? line;
            while ((line = _process.StandardOutput.ReadLine()) is not null)
            {
                if (ListeningLine().Match(line) is { Success: true } match)
                {
                    return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                }
            }

            return -1;
        });
        if (!ready.Wait(TimeSpan.FromSeconds(60)) || ready.Result < 0)
        {
            Kill();
            throw new InvalidOperationException($"s3rver did not start: {(error.IsCompleted ? error.Result : "(no output)")}");
        }

        Port = ready.Result;
        // Keep reading so the server never blocks on a full pipe.
        _ = Task.Run(() => _process.StandardOutput.ReadToEnd());
    }

    [GeneratedRegex(@"listening on [^:]+:(\d+)")]
    private static partial Regex ListeningLine();
}

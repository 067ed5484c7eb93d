using System.Diagnostics;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Models.Checkpoints;

/// <summary>
/// Real checkpoint files, written once per test class by <c>write_checkpoints.py</c> with Debian's python3-torch
/// (torch.save's zip and legacy layouts, safetensors, and checkpoints shaped as they are found in the wild) into a
/// temporary folder that is deleted afterwards. Without python3-torch every test using it fails, naming the package.
/// </summary>
public sealed class CheckpointFiles : IDisposable
{
    /// <summary>Debian's interpreter, the one python3-torch installs into (not whatever python3 is first on PATH).</summary>
    public const string Python = "/usr/bin/python3";

    public CheckpointFiles()
    {
        Folder = Directory.CreateTempSubdirectory("checkpoints-").FullName;
        var script = Path.Combine(BuildProcess.RepositoryRoot, "tests", "Pipeline.Tests", "Models", "Checkpoints", "write_checkpoints.py");
        if (!File.Exists(Python))
        {
            throw new InvalidOperationException($"{Python} is missing: the checkpoint tests write real files with Debian's python3-torch (apt-get install python3-torch python3-torchvision; .ci/run installs them).");
        }

        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(Folder);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{script} did not finish in 5 minutes");
        }
        process.WaitForExit();
        if (process.ExitCode == 3)
        {
            throw new InvalidOperationException($"python3-torch or python3-torchvision is not installed for {Python} (apt-get install python3-torch python3-torchvision; .ci/run installs them): {error.Result.Trim()}");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{script} failed ({process.ExitCode}):\n{output.Result}{error.Result}");
        }
    }

    public string Folder { get; }

    public string this[string file] => Path.Combine(Folder, file);

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}

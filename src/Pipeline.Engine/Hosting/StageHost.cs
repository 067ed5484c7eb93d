using System.Runtime.InteropServices;

namespace Pipeline.Engine;

/// <summary>
/// The child side of a stage run: the stage process's entry calls <see cref="Run"/> with the spec path the engine
/// passed and a registry of stage kinds. It loads the spec, locks the work folder, watches that the orchestrator is
/// still alive, runs the stage and turns the outcome into an exit code (0 success, 1 exception, 2 bad spec or unknown
/// kind, 130 cancelled, or a <see cref="StageExitException"/>'s code).
/// </summary>
public static class StageHost
{
    /// <summary>Runs the stage described by <paramref name="specPath"/>, logging to stdout and errors to stderr.</summary>
    public static int Run(string specPath, StageRegistry registry) => RunAsync(specPath, registry).GetAwaiter().GetResult();

    /// <summary>Runs the stage described by <paramref name="specPath"/>.</summary>
    public static Task<int> RunAsync(
        string specPath, StageRegistry registry, TextWriter? log = null, TextWriter? error = null, CancellationToken cancellationToken = default) =>
        RunAsync(specPath, registry, log, error, orchestratorPipe: null, exit: null, cancellationToken);

    /// <summary>
    /// Runs the stage described by <paramref name="specPath"/>. <paramref name="orchestratorPipe"/> replaces standard
    /// input as the stream whose end of file means the orchestrator is gone, and <paramref name="exit"/> replaces
    /// <see cref="Environment.Exit"/> (tests run the host in-process).
    /// </summary>
    public static async Task<int> RunAsync(
        string specPath,
        StageRegistry registry,
        TextWriter? log,
        TextWriter? error,
        Stream? orchestratorPipe,
        Action? exit,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registry);
        log ??= Console.Out;
        error ??= Console.Error;
        StageSpec spec;
        try
        {
            spec = StageSpec.Load(specPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException or InvalidDataException)
        {
            await error.WriteLineAsync($"cannot read stage spec {specPath}: {e.Message}").ConfigureAwait(false);
            return 2;
        }

        if (!registry.TryGet(spec.Kind, out var stage))
        {
            await error.WriteLineAsync(
                $"unknown stage kind '{spec.Kind}' for run {spec.RunId}; this program knows: {string.Join(", ", registry.Kinds)}").ConfigureAwait(false);
            return 2;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var terminate = RegisterSignal(PosixSignal.SIGTERM, stop);
        using var interrupt = RegisterSignal(PosixSignal.SIGINT, stop);
        var pipe = spec.OrchestratorHoldsInput ? orchestratorPipe ?? Console.OpenStandardInput() : null;
        using var watch = OrchestratorWatch.Start(spec, error, stop, pipe, exit);
        try
        {
            using var workLock = await LockWorkFolderAsync(spec.WorkLockPath, log, stop.Token).ConfigureAwait(false);
            Directory.CreateDirectory(spec.OutputDirectory);
            using var progress = spec.ProgressPath is { } progressPath ? StageProgressWriter.Open(progressPath) : null;
            await stage.RunAsync(new StageContext(spec, log, stop.Token) { Progress = (IStageProgress?)progress ?? StageProgressWriter.None }).ConfigureAwait(false);
            await log.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            return 0;
        }
        catch (StageExitException e)
        {
            await error.WriteLineAsync($"{spec.RunId} ({spec.Kind}) failed: {e.Message}").ConfigureAwait(false);
            return e.ExitCode;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            await error.WriteLineAsync($"{spec.RunId}: cancelled").ConfigureAwait(false);
            return 130;
        }
        catch (Exception e)
        {
            // Whatever the stage throws becomes an exit code and a message in the log: the orchestrator reports it.
            await error.WriteLineAsync($"{spec.RunId} ({spec.Kind}) failed: {e}").ConfigureAwait(false);
            return 1;
        }
        finally
        {
            await log.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            await error.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static PosixSignalRegistration? RegisterSignal(PosixSignal signal, CancellationTokenSource stop)
    {
        try
        {
            return PosixSignalRegistration.Create(signal, context =>
            {
                // Let the stage stop at its next cancellation check instead of dying mid-write.
                context.Cancel = true;
                stop.Cancel();
            });
        }
        catch (PlatformNotSupportedException)
        {
            return null;
        }
    }

    private static async Task<FileStream> LockWorkFolderAsync(string path, TextWriter log, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var announced = false;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (!cancellationToken.IsCancellationRequested)
            {
                if (!announced)
                {
                    await log.WriteLineAsync("waiting for an earlier process of this run to stop...").ConfigureAwait(false);
                    announced = true;
                }

                await Task.Delay(200, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}

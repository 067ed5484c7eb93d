using Pipeline.Cli;
using Pipeline.Config;
using Pipeline.Engine;
using Pipeline.Stages.Experiments;
using Pipeline.Stages.Graph;
using Pipeline.Stages.History;

namespace Pipeline.Stages;

/// <summary>The orchestrator side of stage targets: load and check the experiment, then plan or build with the engine.</summary>
public static class PipelineRunner
{
    public static int Run(
        string repositoryRoot,
        string artifactsRoot,
        IReadOnlyList<TargetInfo> targets,
        IReadOnlyList<string> stageTargets,
        BuildOptions options,
        IBuildDisplay display,
        TextWriter output,
        TextWriter error)
    {
        Experiment experiment;
        try
        {
            var overrides = ConfigOverrides.Read(options.OverrideFiles, options.Set, repositoryRoot);
            experiment = ExperimentLoader.Load(options.Experiment, repositoryRoot, overrides);
        }
        catch (ConfigException e)
        {
            foreach (var problem in e.Errors)
            {
                error.WriteLine($"error: {problem}");
            }

            error.WriteLine($"error: the experiment has {e.Errors.Count} problem(s); nothing was run");
            return 2;
        }

        var device = DeviceChoice.Resolve(options.Device);
        if (device.Error is not null)
        {
            error.WriteLine($"error: {device.Error}");
            return 2;
        }

        var remote = RemoteChoice.Resolve(options, experiment.Pipeline.Remote, Environment.GetEnvironmentVariable);
        if (remote.Error is not null)
        {
            error.WriteLine($"error: {remote.Error}");
            return 2;
        }

        IRemoteStore? remoteStore;
        try
        {
            remoteStore = remote.Settings is { } remoteSettings ? RemoteStores.Open(remoteSettings) : null;
        }
        catch (EngineException e)
        {
            error.WriteLine($"error: {e.Message}");
            return 2;
        }

        using var ownedRemote = remoteStore;
        var graph = PipelineGraph.Create(experiment, targets, options.Threads, device.Device);
        var settings = new EngineSettings
        {
            ArtifactsDirectory = ArtifactsFor(experiment, artifactsRoot, options),
            InputRoot = repositoryRoot,
            StageCommand = StageCommand.ForCurrentProcess(BuildParameters.StageCommand),
            Threads = options.Threads,
            Cores = options.Cores ?? Environment.ProcessorCount,
            Device = device.Device,
            Environment = StageEnvironment.For(experiment.Pipeline.Runtime, device.Device),
            Remote = remoteStore,
            RemoteReadOnly = remote.Settings?.ReadOnly ?? false,
        };

        var events = display.OpenEvents(options.Plan);
        using var live = events as IDisposable;
        var engine = new BuildEngine(settings, events);
        var request = new BuildRequest(stageTargets)
        {
            Jobs = options.Jobs,
            ForceRequested = options.Force is { Count: 0 },
            ForceTargets = options.Force ?? [],
        };

        try
        {
            if (options.Plan)
            {
                output.Write(engine.Plan(graph, request).Render(estimates: true));
                if (options.Jobs > 1)
                {
                    output.WriteLine(ParallelismNote.Describe(options.Jobs, settings.Cores, options.Threads));
                }
                return 0;
            }

            var missing = InputPreflight.Check(experiment, graph, stageTargets, repositoryRoot);
            if (missing.Count > 0)
            {
                foreach (var problem in missing)
                {
                    error.WriteLine($"error: {problem}");
                }

                error.WriteLine($"error: {missing.Count} input(s) of this build do not exist; nothing was run");
                return 2;
            }

            var started = DateTimeOffset.UtcNow;
            var result = engine.BuildAsync(graph, request).GetAwaiter().GetResult();
            BuildHistoryRecorder.Append(settings.ArtifactsDirectory, experiment, options.Targets, result, started, DateTimeOffset.UtcNow, error);
            // The live region goes before the summary is printed.
            live?.Dispose();
            display.WriteSummary(result);

            return result.ExitCode;
        }
        catch (EngineException e)
        {
            error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }

    /// <summary>
    /// The default experiment builds into artifacts/ itself; another experiment into artifacts/&lt;folder name&gt;/,
    /// so its published files and lock file never overwrite the default's. An explicit --artifacts is used as given.
    /// </summary>
    public static string ArtifactsFor(Experiment experiment, string artifactsRoot, BuildOptions options) =>
        options.Artifacts != BuildParameters.DefaultArtifacts || experiment.DisplayDirectory == BuildParameters.DefaultExperiment
            ? artifactsRoot
            : Path.Combine(artifactsRoot, Path.GetFileName(experiment.Directory.TrimEnd('/', '\\')));
}

using Pipeline.Engine;
using Pipeline.Runtime;
using Pipeline.Stages.Kinds;

namespace Pipeline.Stages;

/// <summary>The stage process: <c>_build __stage &lt;spec.json&gt;</c> runs one stage run and exits.</summary>
public static class StageProcessEntry
{
    public static StageRegistry Registry() => new StageRegistry()
        .Add(StageKinds.Synthesize, new SynthesizeStage())
        .Add(StageKinds.Preprocess, new PreprocessStage())
        .Add(StageKinds.Train, new TrainStage())
        .Add(StageKinds.Pseudolabel, new PseudolabelStage())
        .Add(StageKinds.Tta, new TtaStage())
        .Add(StageKinds.Ensemble, new EnsembleStage())
        .Add(StageKinds.Preview, new PreviewStage())
        .Add(StageKinds.Report, new ReportStage());

    public static int Run(IReadOnlyList<string> arguments)
    {
        if (arguments.Count != 1)
        {
            Console.Error.WriteLine("usage: _build __stage <spec.json>");
            return 2;
        }

        // Before the first torch call: make libLibTorchSharp.so loadable on Debian 12's libstdc++.
        LibTorchSharpPatcher.EnsureLoadable(AppContext.BaseDirectory, Console.WriteLine);
        var host = AppLocalAssemblies();
        var code = StageHost.Run(arguments[0], Registry());
        // What this run's code loaded, for the test that its key's code identity (CodeIdentity) covers it. On stderr,
        // after a failure's message on the same stream: on stdout it could land inside that message in the log.
        var loaded = AppLocalAssemblies().Except(host, StringComparer.Ordinal);
        Console.Error.WriteLine($"{LoadedLinePrefix}{string.Join(", ", loaded)} (by the stage host: {string.Join(", ", host)})");
        return code;
    }

    /// <summary>Starts the stage log's line that lists the app-local assemblies the stage loaded.</summary>
    public const string LoadedLinePrefix = "assemblies loaded by the stage: ";

    /// <summary>Names of the loaded assemblies that live in the application folder (not the framework's), sorted.</summary>
    private static SortedSet<string> AppLocalAssemblies()
    {
        var directory = Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory);
        return new SortedSet<string>(
            AppDomain.CurrentDomain.GetAssemblies()
                .Where(a => !a.IsDynamic && a.Location.Length > 0 && Path.GetDirectoryName(a.Location) == directory)
                .Select(a => a.GetName().Name!),
            StringComparer.Ordinal);
    }
}

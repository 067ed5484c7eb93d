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
        return StageHost.Run(arguments[0], Registry());
    }
}

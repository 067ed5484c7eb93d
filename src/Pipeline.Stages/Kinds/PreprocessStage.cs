using Pipeline.Data;
using Pipeline.Data.Configuration;
using Pipeline.Data.Preprocess;
using Pipeline.Engine;
using Pipeline.Stages.Graph;

namespace Pipeline.Stages.Kinds;

/// <summary>Preprocess: reads the configured source (the synthesized set, or the data path given as the run's input), checks, converts, resizes, splits and writes shards.</summary>
internal sealed class PreprocessStage : IStage
{
    public Task RunAsync(StageContext context)
    {
        var config = new StageParameters(context).Record<DataConfig>();
        var root = config.Source == DataConfig.SyntheticSource
            ? context.UpstreamDirectory(PipelineGraph.SynthesizeRun)
            : context.Inputs.Values.Single();
        PreprocessRunner.Run(config, root, context.OutputDirectory, context.Log, context.Cores);
        return Task.CompletedTask;
    }
}

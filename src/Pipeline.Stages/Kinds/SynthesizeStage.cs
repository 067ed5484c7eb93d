using Pipeline.Data;
using Pipeline.Data.Configuration;
using Pipeline.Data.Synthetic;
using Pipeline.Engine;

namespace Pipeline.Stages.Kinds;

/// <summary>Synthesize: the embedded default data set, generated in the competition layout (CSV + PNG) so it goes through the same reader as the real data.</summary>
internal sealed class SynthesizeStage : IStage
{
    public Task RunAsync(StageContext context)
    {
        var config = new StageParameters(context).Record<SyntheticConfig>();
        SyntheticGroceries.Generate(config, context.OutputDirectory, context.Log, context.Cores);
        return Task.CompletedTask;
    }
}

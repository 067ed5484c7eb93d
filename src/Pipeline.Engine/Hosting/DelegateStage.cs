namespace Pipeline.Engine;

/// <summary>A stage given as a function.</summary>
internal sealed class DelegateStage(Func<StageContext, Task> run) : IStage
{
    public Task RunAsync(StageContext context) => run(context);
}

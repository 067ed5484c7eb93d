namespace Pipeline.Engine;

/// <summary>
/// A stage implementation, run inside a stage process by <see cref="StageHost"/>. It reads its parameters and
/// upstream folders from the context and writes its files into <see cref="StageContext.OutputDirectory"/>
/// (optionally a <c>metrics.json</c> with a headline). Throwing fails the run; <see cref="StageExitException"/>
/// chooses the exit code.
/// </summary>
public interface IStage
{
    /// <summary>Runs the stage.</summary>
    Task RunAsync(StageContext context);
}

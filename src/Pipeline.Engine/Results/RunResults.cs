namespace Pipeline.Engine;

/// <summary>Builds the <see cref="RunResult"/> of a run.</summary>
internal static class RunResults
{
    public static RunResult Of(StageRun run, RunStatus status, string? message = null) =>
        new() { RunId = run.RunId, Target = run.Target, Status = status, Message = message };
}

namespace Pipeline.Engine;

/// <summary>
/// What the <see cref="BuildScheduler"/> asks of a build for each run it considers; the scheduler itself only
/// decides when (upstream first, at most the job count at once, one run per key) and what is skipped.
/// </summary>
internal interface IRunSteps
{
    /// <summary>
    /// Called when every upstream run of <paramref name="state"/> succeeded: sets <see cref="RunState.Evaluation"/>
    /// (if not set) and returns the run's result when it needs no execution (cached, or it cannot run), or null
    /// when it must execute under <see cref="RunEvaluation.Key"/>. Called again while the run waits for a slot.
    /// </summary>
    RunResult? Settle(RunState state);

    /// <summary>Called once a slot is free, just before execution: returns a failure result if the run cannot start.</summary>
    RunResult? Prepare(RunState state);

    /// <summary>Executes the run; never throws for a failure of the run itself (it becomes the result).</summary>
    Task<RunResult> ExecuteAsync(RunState state, CancellationToken cancellationToken);

    /// <summary>Called on the scheduler's thread when an execution has ended, before its result is recorded.</summary>
    void Executed(RunState state, RunResult result);
}

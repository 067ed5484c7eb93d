namespace Pipeline.Engine;

/// <summary>The scheduler's bookkeeping for one run during a build.</summary>
internal sealed class RunState
{
    public RunState(StageRun run) => Run = run;

    public StageRun Run { get; }

    public RunEvaluation? Evaluation { get; set; }

    public bool Running { get; set; }

    /// <summary>The job slot (0 .. jobs-1) of a running run: stage processes use it to pick one GPU each.</summary>
    public int Slot { get; set; }

    /// <summary>The cores a running run was given (<see cref="StageSpec.Cores"/>).</summary>
    public int Cores { get; set; }

    public RunResult? Result { get; set; }

    public bool Succeeded => Result is { Status: RunStatus.Cached or RunStatus.Ran };
}

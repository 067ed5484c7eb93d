namespace Pipeline.Engine;

/// <summary>Where a stage reports structured progress (<see cref="StageContext.Progress"/>); implementations are thread-safe.</summary>
public interface IStageProgress
{
    /// <summary>Records one progress report. Never throws for I/O trouble: progress must not fail a stage.</summary>
    void Report(StageProgressReport report);
}

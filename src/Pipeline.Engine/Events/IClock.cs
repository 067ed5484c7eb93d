namespace Pipeline.Engine;

/// <summary>The time source for durations and provenance, injected so tests can make both deterministic.</summary>
public interface IClock
{
    /// <summary>The current time.</summary>
    DateTimeOffset UtcNow { get; }
}

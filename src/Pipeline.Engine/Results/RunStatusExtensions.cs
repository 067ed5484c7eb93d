namespace Pipeline.Engine;

/// <summary>Text of a <see cref="RunStatus"/> as the summary prints it.</summary>
public static class RunStatusExtensions
{
    /// <summary><c>cached</c>, <c>ran</c>, <c>failed</c> or <c>skipped</c>.</summary>
    public static string ToDisplayString(this RunStatus status) => status switch
    {
        RunStatus.Cached => "cached",
        RunStatus.Ran => "ran",
        RunStatus.Failed => "failed",
        RunStatus.Skipped => "skipped",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };
}

using System.Text.RegularExpressions;

namespace Pipeline.Engine;

/// <summary>How a stage process ended: its exit code and, when it failed, the first line of its error output.</summary>
/// <param name="Code">The process exit code.</param>
/// <param name="FirstError">The reason, shortened: without the run prefix and the exception's type name.</param>
public sealed partial record StageExit(int Code, string? FirstError)
{
    /// <summary>Shortens <c>Run (kind) failed: Some.Namespace.SomeException: message</c> to <c>message</c>.</summary>
    public static string Reason(string line)
    {
        var match = FailurePrefix().Match(line);
        return match.Success ? line[match.Length..] : line;
    }

    [GeneratedRegex(@"^.*? failed: (?:[\w.]+(?:Exception|Error): )?")]
    private static partial Regex FailurePrefix();
}

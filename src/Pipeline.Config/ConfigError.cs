namespace Pipeline.Config;

/// <summary>
/// One problem in a configuration file. <see cref="Line"/> and <see cref="Column"/> are 1-based, or 0
/// when the problem concerns the file as a whole (a missing file). <see cref="KeyPath"/> names the value
/// in the document, e.g. <c>train.phases[2].optimizer.lr</c>; empty for the document itself.
/// </summary>
public sealed record ConfigError(string File, int Line, int Column, string KeyPath, string Message)
{
    /// <summary><c>file:line:column: message</c>, or <c>file: message</c> without a position.</summary>
    public override string ToString() =>
        Line > 0 ? $"{File}:{Line}:{Column}: {Message}" : $"{File}: {Message}";
}

namespace Pipeline.Cli;

/// <summary>Options when the command line is valid, otherwise the errors to print (exit code 2).</summary>
public sealed record ParseOutcome(BuildOptions? Options, IReadOnlyList<string> Errors);

namespace Pipeline.Tests.Support;

/// <summary>The outcome of one <c>_build</c> process: exit code and everything it printed.</summary>
public sealed record BuildRun(int ExitCode, string Output, string Error)
{
    public string All => Output + Error;
}

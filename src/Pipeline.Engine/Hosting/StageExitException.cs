namespace Pipeline.Engine;

/// <summary>Ends a stage with a chosen non-zero exit code and a message for its log.</summary>
public sealed class StageExitException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StageExitException(int exitCode, string message) : base(message)
    {
        if (exitCode == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(exitCode), "A failing stage needs a non-zero exit code.");
        }

        ExitCode = exitCode;
    }

    /// <summary>Creates the exception with exit code 1.</summary>
    public StageExitException(string message) : this(1, message)
    {
    }

    /// <summary>Creates the exception with exit code 1 and a cause.</summary>
    public StageExitException(string message, Exception innerException) : base(message, innerException)
    {
        ExitCode = 1;
    }

    /// <summary>Creates the exception with exit code 1.</summary>
    public StageExitException() : this(1, "stage failed")
    {
    }

    /// <summary>The process exit code.</summary>
    public int ExitCode { get; }
}

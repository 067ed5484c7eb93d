namespace Pipeline.Engine;

/// <summary>An error the user can fix (an unknown target, a cycle, a bad request), with a message that says what is wrong.</summary>
public sealed class EngineException : Exception
{
    /// <summary>Creates the exception.</summary>
    public EngineException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public EngineException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>Creates the exception without a message.</summary>
    public EngineException()
    {
    }
}

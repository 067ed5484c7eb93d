namespace Pipeline.Engine;

/// <summary>
/// The remote could not be used: unreachable, credentials refused, a bucket or folder that does not exist, a transfer
/// cut off. The message names the remote and the cause; the build reports it and never uses a partial result.
/// </summary>
public sealed class RemoteStoreException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RemoteStoreException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public RemoteStoreException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>Creates the exception without a message.</summary>
    public RemoteStoreException()
    {
    }
}

namespace Pipeline.Ensembling.Members;

/// <summary>A <c>members:</c> line of the ensemble configuration matches no prediction set (or a matched set lacks its test counterpart); the message names the line and what is available.</summary>
public sealed class MemberMatchException : Exception
{
    /// <summary>Creates the exception with a message a user can act on.</summary>
    public MemberMatchException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the underlying cause.</summary>
    public MemberMatchException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>Creates the exception with a default message.</summary>
    public MemberMatchException()
        : base("An ensemble member matches no prediction set.")
    {
    }
}

namespace Pipeline.Foundation;

/// <summary>A file could not be written (full disk, I/O error); the previous version of the file is untouched.</summary>
public sealed class ArtifactWriteException : IOException
{
    public ArtifactWriteException(string path, string what, Exception inner)
        : base($"could not write {what} {path}: {Reason(inner)}", inner)
    {
        FilePath = path;
    }

    /// <summary>The file that was being written.</summary>
    public string FilePath { get; }

    // .NET appends " : 'temporary path'" to errno messages; the user needs the errno text and the real target, not our temporary name.
    private static string Reason(Exception inner)
    {
        var message = inner.Message;
        var cut = message.IndexOf(" : '", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}

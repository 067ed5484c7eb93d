namespace Pipeline.Data.Preprocess;

/// <summary>An image file that could not be used: its path (relative to the data root when inside it), where it was listed, and why.</summary>
public sealed record BadImage(string Path, string Origin, string Reason)
{
    /// <summary><c>path: reason (listed at origin)</c>.</summary>
    public override string ToString() => Origin.Length == 0 || Origin == Path ? $"{Path}: {Reason}" : $"{Path}: {Reason} (listed at {Origin})";
}

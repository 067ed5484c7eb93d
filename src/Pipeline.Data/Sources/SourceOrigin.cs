namespace Pipeline.Data.Sources;

/// <summary>Where an image was named: a file and, for list files such as CSVs, a 1-based line (0 when not line-based).</summary>
public readonly record struct SourceOrigin(string File, int Line)
{
    /// <summary><c>file:line</c>, or just the file when there is no line.</summary>
    public override string ToString() => Line > 0 ? $"{File}:{Line}" : File;
}

namespace Pipeline.Config;

/// <summary>How a document is bound.</summary>
public sealed record ConfigBindOptions
{
    /// <summary>
    /// Top-level keys that other readers of the same file own (several stages read different sections
    /// of one experiment file). Binding the whole document skips them instead of reporting them as
    /// unknown; binding a section checks every top-level key against them plus the section, so a
    /// misspelt section is still reported with a suggestion. Null: no other readers.
    /// </summary>
    public IReadOnlySet<string>? SharedTopLevelKeys { get; init; }
}

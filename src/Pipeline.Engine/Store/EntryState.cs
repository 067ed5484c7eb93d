namespace Pipeline.Engine;

/// <summary>Outcome of checking a store entry against its manifest.</summary>
public enum EntryState
{
    /// <summary>No committed entry for the key.</summary>
    Missing,

    /// <summary>Every file matches the manifest: the entry may be used.</summary>
    Valid,

    /// <summary>The manifest is unreadable or a file does not match it: the entry must not be used.</summary>
    Corrupt,
}

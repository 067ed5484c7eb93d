namespace Pipeline.Engine;

/// <summary>
/// The remote cache's object names, versioned so a later format can live beside this one:
/// <c>v1/entries/&lt;key[0..2]&gt;/&lt;key&gt;.json</c> (a manifest) and <c>v1/blobs/&lt;hash[0..2]&gt;/&lt;hash&gt;</c> (a file's
/// content, named by its hash). Blobs are immutable, so two runners pushing at once write the same bytes under the
/// same name; an entry appears only when its manifest, uploaded last, does.
/// </summary>
public static class RemoteNames
{
    private const string Version = "v1";

    /// <summary>The object holding the manifest of a key.</summary>
    public static string Entry(string key) => $"{Version}/entries/{Hex(key)[..2]}/{key}.json";

    /// <summary>The object holding the file whose content hash is <paramref name="hash"/>.</summary>
    public static string Blob(string hash) => $"{Version}/blobs/{Hex(hash)[..2]}/{hash}";

    /// <summary>Rejects a name that could leave the remote's root or is not one of ours.</summary>
    public static void Validate(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.StartsWith('/') || name.Contains('\\', StringComparison.Ordinal)
            || name.Split('/').Any(segment => segment is "" or "." or ".."))
        {
            throw new ArgumentException($"'{name}' is not a relative object name", nameof(name));
        }
    }

    private static string Hex(string value) =>
        value.Length >= 2 && value.All(Uri.IsHexDigit)
            ? value
            : throw new ArgumentException($"'{value}' is not a hex key or hash", nameof(value));
}

using Xunit;

namespace Pipeline.Tests.EndToEnd;

/// <summary>Copies an artifacts folder, keeping its (relative) friendly-path symbolic links as links.</summary>
public static class ArtifactsCopy
{
    public static void Copy(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (var entry in new DirectoryInfo(source).EnumerateFileSystemInfos())
        {
            var target = Path.Combine(destination, entry.Name);
            if (entry.LinkTarget is { } link)
            {
                if (entry is DirectoryInfo)
                {
                    Directory.CreateSymbolicLink(target, link);
                }
                else
                {
                    File.CreateSymbolicLink(target, link);
                }
            }
            else if (entry is DirectoryInfo directory)
            {
                Copy(directory.FullName, target);
            }
            else
            {
                File.Copy(entry.FullName, target);
            }
        }
    }

    /// <summary>Committed store entries (<c>cache/&lt;2 hex&gt;/&lt;key&gt;</c>), relative and ordinal order.</summary>
    public static IReadOnlyList<string> StoreEntries(string artifacts)
    {
        var cache = Path.Combine(artifacts, "cache");
        if (!Directory.Exists(cache))
        {
            return [];
        }

        return
        [
            .. Directory.GetDirectories(cache)
                .Where(shard => Path.GetFileName(shard) is { Length: 2 } name && name.All(Uri.IsHexDigit))
                .SelectMany(Directory.GetDirectories)
                .Select(entry => Path.GetRelativePath(cache, entry).Replace('\\', '/'))
                .Order(StringComparer.Ordinal),
        ];
    }
}

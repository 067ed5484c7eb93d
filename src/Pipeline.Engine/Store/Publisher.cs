using Pipeline.Foundation;

namespace Pipeline.Engine;

/// <summary>
/// Points friendly paths under the artifacts folder at store entries: a relative symlink created under a temporary
/// name and renamed over the old one, so a reader never sees the path missing. Where symlinks cannot be created
/// (Windows without developer mode) the file or folder is copied instead.
/// </summary>
public static class Publisher
{
    /// <summary>Publishes <paramref name="link"/> to the committed entry folder <paramref name="entryDirectory"/>.</summary>
    public static void Publish(ArtifactLayout layout, PublishLink link, string entryDirectory)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(link);
        var destination = ResolveInside(layout.Root, link.Path);
        var source = link.File is null ? entryDirectory : ResolveInside(entryDirectory, link.File);
        if (!File.Exists(source) && !Directory.Exists(source))
        {
            throw new FileNotFoundException($"Cannot publish {link.Path}: {source} does not exist.", source);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        var target = Path.GetRelativePath(Path.GetDirectoryName(destination)!, source);
        var existing = new FileInfo(destination);
        if (existing.LinkTarget == target)
        {
            return;
        }

        var temp = AtomicFile.TemporaryPath(destination);
        var isDirectory = Directory.Exists(source);
        try
        {
            if (isDirectory)
            {
                Directory.CreateSymbolicLink(temp, target);
            }
            else
            {
                File.CreateSymbolicLink(temp, target);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            PublishCopy(source, destination, temp, isDirectory);
            return;
        }

        ReplaceWith(temp, destination);
    }

    private static void ReplaceWith(string temp, string destination)
    {
        // A real folder (a copy from an older fallback) cannot be replaced by rename; remove it first.
        if (Directory.Exists(destination) && new DirectoryInfo(destination).LinkTarget is null)
        {
            Directory.Delete(destination, recursive: true);
        }

        if (!OperatingSystem.IsWindows())
        {
            if (NativeMethods.Rename(temp, destination) != 0)
            {
                var error = System.Runtime.InteropServices.Marshal.GetLastPInvokeErrorMessage();
                DeleteAny(temp);
                throw new IOException($"Cannot publish {destination}: {error}");
            }

            return;
        }

        DeleteAny(destination);
        if (Directory.Exists(temp))
        {
            Directory.Move(temp, destination);
        }
        else
        {
            File.Move(temp, destination);
        }
    }

    private static void PublishCopy(string source, string destination, string temp, bool isDirectory)
    {
        if (isDirectory)
        {
            CopyDirectory(source, temp);
        }
        else
        {
            File.Copy(source, temp);
        }

        DeleteAny(destination);
        if (isDirectory)
        {
            Directory.Move(temp, destination);
        }
        else
        {
            File.Move(temp, destination);
        }
    }

    private static void CopyDirectory(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (var (relative, full) in ContentHasher.ListFiles(source))
        {
            var target = Path.Combine(destination, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(full, target);
        }
    }

    private static void DeleteAny(string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is not null || info.Exists)
        {
            info.Delete();
        }
        else if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    }

    private static string ResolveInside(string root, string relative)
    {
        if (string.IsNullOrWhiteSpace(relative) || Path.IsPathRooted(relative))
        {
            throw new EngineException($"Publish path '{relative}' must be relative.");
        }

        var full = Path.GetFullPath(Path.Combine(root, relative));
        var rootFull = Path.GetFullPath(root);
        if (!full.StartsWith(rootFull.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new EngineException($"Publish path '{relative}' leaves {rootFull}.");
        }

        return full;
    }
}

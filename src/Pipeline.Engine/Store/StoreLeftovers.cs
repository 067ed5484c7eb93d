namespace Pipeline.Engine;

/// <summary>Folders under <c>cache/tmp/</c> that a build which died left behind and the next build removes.</summary>
internal static class StoreLeftovers
{
    /// <summary>Entries renamed aside for deletion, and pulls, by a build that died before deleting them.</summary>
    public static void Remove(ArtifactLayout layout)
    {
        if (!Directory.Exists(layout.TmpDirectory))
        {
            return;
        }

        foreach (var leftover in Directory.EnumerateDirectories(layout.TmpDirectory, "discard-*")
            .Concat(Directory.EnumerateDirectories(layout.TmpDirectory, "pull-*")))
        {
            try
            {
                Directory.Delete(leftover, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}

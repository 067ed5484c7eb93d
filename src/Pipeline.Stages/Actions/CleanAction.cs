namespace Pipeline.Stages.Actions;

/// <summary>The Clean target: deletes the artifacts folder (store, logs, published links).</summary>
public static class CleanAction
{
    public static int Run(string artifactsDirectory, TextWriter output)
    {
        if (Directory.Exists(artifactsDirectory))
        {
            Directory.Delete(artifactsDirectory, recursive: true);
            output.WriteLine($"Clean: deleted {artifactsDirectory}");
        }
        else
        {
            output.WriteLine($"Clean: nothing to delete ({artifactsDirectory} does not exist)");
        }

        return 0;
    }
}

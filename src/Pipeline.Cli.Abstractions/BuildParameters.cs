namespace Pipeline.Cli;

/// <summary>Defaults of the command-line parameters, shown by <c>--help</c>.</summary>
public static class BuildParameters
{
    public const string DefaultExperiment = "experiments";
    public const int DefaultThreads = 2;
    public const string DefaultArtifacts = "artifacts";
    public const int DefaultLast = 10;
    public static readonly string[] Devices = ["auto", "cpu", "cuda"];

    /// <summary>The first argument that makes the build program a stage process (<c>_build __stage spec.json</c>).</summary>
    public const string StageCommand = "__stage";
}

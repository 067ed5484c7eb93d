namespace Pipeline.Stages.Graph;

/// <summary>
/// Keys <see cref="PipelineGraph"/> adds to a stage's parameters next to the configuration record it spreads over
/// the top level; <c>StageParameters.Record</c> leaves exactly these out when it binds the record back.
/// </summary>
internal static class AddedParameters
{
    public const string Threads = "threads";
    public const string Device = "device";
    public const string Name = "name";
    /// <summary>The definitions of the augmentation presets a run uses (not <c>presets</c>: tta.yaml has its own key of that name).</summary>
    public const string Presets = "preset_definitions";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { Threads, Device, Name, Presets };
}

using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Pipeline.Stages;

/// <summary>
/// The identity of the code behind a stage kind: the module version ids (MVIDs) of the assemblies it runs.
/// Builds are deterministic, so an MVID changes exactly when the assembly's content does; reading it
/// touches only the file header, so a no-op build hashes no code.
/// </summary>
public static class CodeIdentity
{
    private static readonly Dictionary<string, string> Cache = new(StringComparer.Ordinal);

    /// <summary>
    /// Assemblies each kind runs. The glue in Pipeline.Stages is shared by every kind, so a change to it
    /// reruns everything: conservative, never stale.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string[]> Assemblies = new Dictionary<string, string[]>
    {
        [StageKinds.Synthesize] = ["Pipeline.Data"],
        [StageKinds.Preprocess] = ["Pipeline.Data"],
        [StageKinds.Train] = ["Pipeline.Data", "Pipeline.Models", "Pipeline.Augmentation", "Pipeline.Training", "TorchSharp"],
        [StageKinds.Pseudolabel] = ["Pipeline.Data", "Pipeline.Models", "Pipeline.Augmentation", "Pipeline.Training", "Pipeline.Inference", "Pipeline.Ensembling", "TorchSharp"],
        [StageKinds.Tta] = ["Pipeline.Data", "Pipeline.Models", "Pipeline.Augmentation", "Pipeline.Inference", "Pipeline.Ensembling", "TorchSharp"],
        [StageKinds.Ensemble] = ["Pipeline.Ensembling"],
        [StageKinds.Preview] = ["Pipeline.Data", "Pipeline.Augmentation", "TorchSharp"],
        [StageKinds.Report] = ["Pipeline.Ensembling", "Pipeline.Reporting"],
    };

    /// <summary>Identity of a stage kind, e.g. <c>train:Pipeline.Data=...;...</c>.</summary>
    public static string For(string kind)
    {
        lock (Cache)
        {
            if (Cache.TryGetValue(kind, out var cached))
            {
                return cached;
            }

            var parts = Assemblies[kind].Append("Pipeline.Stages").Select(name => $"{name}={Mvid(name)}");
            var identity = $"{kind}:{string.Join(";", parts)}";
            Cache[kind] = identity;
            return identity;
        }
    }

    private static string Mvid(string assemblyName)
    {
        var path = Path.Combine(AppContext.BaseDirectory, assemblyName + ".dll");
        using var stream = File.OpenRead(path);
        using var reader = new PEReader(stream);
        var metadata = reader.GetMetadataReader();
        return metadata.GetGuid(metadata.GetModuleDefinition().Mvid).ToString("N");
    }
}

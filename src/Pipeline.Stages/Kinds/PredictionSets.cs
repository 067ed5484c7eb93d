using Pipeline.Engine;
using Pipeline.Ensembling.Predictions;

namespace Pipeline.Stages.Kinds;

/// <summary>Reads every prediction file the Tta runs committed, by split, in a stable order.</summary>
internal static class PredictionSets
{
    public const string Directory = "predictions";

    public static IReadOnlyList<PredictionSet> Load(StageContext context, string split) =>
        context.UpstreamOf("Tta")
            .Select(u => Path.Combine(u.Directory, Directory))
            .Where(System.IO.Directory.Exists)
            .SelectMany(d => System.IO.Directory.EnumerateFiles(d, $"*.{split}{PredictionFile.Extension}"))
            .Order(StringComparer.Ordinal)
            .Select(PredictionFile.Read)
            .ToList();
}

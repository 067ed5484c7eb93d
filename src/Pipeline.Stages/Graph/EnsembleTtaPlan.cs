using Pipeline.Ensembling.Configuration;
using Pipeline.Inference;
using Pipeline.Inference.Configuration;
using Pipeline.Stages.Experiments;

namespace Pipeline.Stages.Graph;

/// <summary>
/// Resolves <c>checkpoints: ensemble</c> of tta.yaml for one model: the checkpoints the model will save that an
/// ensemble member names, each with the TTA versions those members name (plus the plain prediction when the
/// versions list has -1, which the report's ladder starts from). The 2017 solution scored 19 Inception checkpoints
/// × 4 versions although its vote used cp11-cp19 only.
/// </summary>
internal static class EnsembleTtaPlan
{
    /// <summary>The model's Tta configuration with the selection spelt out, or null when no member uses the model (it gets no Tta run).</summary>
    public static TtaConfig? Resolve(Experiment experiment, string model)
    {
        var tta = experiment.Tta;
        if (tta.Checkpoints != TtaConfig.EnsembleCheckpoints)
        {
            return tta;
        }

        var saved = ExperimentRules.CheckpointsByModel(experiment)[model];
        var versions = new Dictionary<string, SortedSet<int>>(StringComparer.Ordinal);
        foreach (var member in experiment.Ensemble.Members.Where(m => GlobPattern.IsMatch(m.Model, model)))
        {
            var (any, listed) = member.TtaSelection();
            foreach (var checkpoint in saved.Where(c => GlobPattern.IsMatch(member.Checkpoint, c)))
            {
                if (!versions.TryGetValue(checkpoint, out var set))
                {
                    set = new SortedSet<int>(tta.Versions.Where(v => v < 0));
                    versions[checkpoint] = set;
                }

                set.UnionWith(tta.Versions.Where(v => any || listed.Contains(v)));
            }
        }

        if (versions.Count == 0)
        {
            return null;
        }

        var names = saved.Where(versions.ContainsKey).ToList();
        return tta with
        {
            Checkpoints = "names",
            Names = names,
            CheckpointVersions = names.ToDictionary(n => n, n => (IReadOnlyList<int>)versions[n].ToList(), StringComparer.Ordinal),
        };
    }
}

using Pipeline.Inference.Configuration;

namespace Pipeline.Inference;

/// <summary>Picks the checkpoints a TTA run predicts with (<see cref="TtaConfig.Checkpoints"/>).</summary>
public static class CheckpointSelection
{
    public static IReadOnlyList<TtaCheckpoint> Select(TtaConfig config, IReadOnlyList<TtaCheckpoint> available, string modelName)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(available);
        var ordered = available.OrderBy(c => c.Epoch).ToList();
        switch (config.Checkpoints)
        {
            case "all":
                return ordered;
            case "last_k":
                return ordered.Skip(Math.Max(0, ordered.Count - config.LastK)).ToList();
            case "names":
                var byName = ordered.ToDictionary(c => c.Name, StringComparer.Ordinal);
                var missing = config.Names.Where(n => !byName.ContainsKey(n)).ToList();
                if (missing.Count > 0)
                {
                    throw new ArgumentException($"tta: model '{modelName}' has no checkpoint {string.Join(", ", missing.Select(m => $"'{m}'"))} (it has: {string.Join(", ", ordered.Select(c => c.Name))})");
                }

                return config.Names.Select(n => byName[n]).ToList();
            case TtaConfig.EnsembleCheckpoints:
                throw new ArgumentException("tta: checkpoints: ensemble is resolved by the pipeline into the names the ensemble's members use; a Tta run cannot resolve it itself");
            default:
                throw new ArgumentException($"tta: unknown checkpoint selection '{config.Checkpoints}' (all, last_k, names or ensemble)");
        }
    }
}

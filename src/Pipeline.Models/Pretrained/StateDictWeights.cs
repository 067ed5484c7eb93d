using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Models.Pretrained;

/// <summary>
/// Loads a PyTorch state dict (<see cref="CheckpointReader"/>) into a backbone by parameter name. The classifier of a
/// torchvision/timm network (<c>fc.</c>, <c>classif.</c>, <c>last_linear.</c>, <c>head.</c>, whatever its class
/// count) and Inception-v3's auxiliary classifier (<c>AuxLogits.</c>) are left out, and the report says so: our head
/// is always new, and the auxiliary classifier only feeds a training loss this pipeline does not use. Any other
/// difference is an error listing every missing, unexpected and mis-shaped key.
/// </summary>
public static class StateDictWeights
{
    private static readonly (string Prefix, string Reason)[] LeftOut =
    [
        ("fc.", "the file's classifier; the head is new"),
        ("classif.", "the file's classifier; the head is new"),
        ("last_linear.", "the file's classifier; the head is new"),
        ("head.", "the file's classifier; the head is new"),
        ("AuxLogits.", "Inception-v3's auxiliary classifier, a training-only side branch this pipeline does not build"),
    ];

    /// <summary>Loads <paramref name="path"/> into <paramref name="backbone"/>; throws <see cref="WeightMismatchException"/> when it does not fit.</summary>
    public static PretrainedWeightsReport Load(nn.Module backbone, string path)
    {
        using var file = CheckpointReader.Read(path);
        var (loaded, skipped) = Load(backbone, file.Tensors, path);
        return new PretrainedWeightsReport(path, file.Format, file.Wrapper, file.RemovedModulePrefix, loaded, skipped);
    }

    /// <summary>Copies <paramref name="source"/> into <paramref name="backbone"/> by name, checking keys and shapes first; returns the count loaded and what was left out.</summary>
    public static (int Loaded, IReadOnlyList<string> Skipped) Load(nn.Module backbone, IReadOnlyDictionary<string, Tensor> source, string sourceName)
    {
        var target = backbone.state_dict();
        bool Outside(string key) => LeftOut.Any(l => key.StartsWith(l.Prefix, StringComparison.Ordinal)) && !target.ContainsKey(key);
        var relevant = source.Where(kv => !Outside(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value);
        // Files from before PyTorch 0.4.1 lack BatchNorm's step counter; it does not affect the forward pass.
        var counters = target.Keys.Where(k => !relevant.ContainsKey(k) && k.EndsWith("num_batches_tracked", StringComparison.Ordinal)).ToList();
        var missing = target.Keys.Where(k => !relevant.ContainsKey(k) && !k.EndsWith("num_batches_tracked", StringComparison.Ordinal)).ToList();
        var unexpected = relevant.Keys.Where(k => !target.ContainsKey(k)).ToList();
        var shapes = relevant
            .Where(kv => target.TryGetValue(kv.Key, out var t) && !t.shape.SequenceEqual(kv.Value.shape))
            .Select(kv => $"{kv.Key}: file [{string.Join(", ", kv.Value.shape)}] vs model [{string.Join(", ", target[kv.Key].shape)}]")
            .ToList();
        if (missing.Count > 0 || unexpected.Count > 0 || shapes.Count > 0)
        {
            throw new WeightMismatchException(sourceName, missing, unexpected, shapes);
        }

        using (torch.no_grad())
        {
            foreach (var (key, value) in relevant)
            {
                target[key].copy_(value);
            }
        }

        var skipped = new List<string>();
        foreach (var (prefix, reason) in LeftOut)
        {
            var keys = source.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal) && Outside(k)).ToList();
            if (keys.Count == 0)
            {
                continue;
            }

            var classes = source.TryGetValue(prefix + "weight", out var w) && w.dim() == 2 ? $", {w.shape[0]} classes" : "";
            skipped.Add($"{prefix}* ({keys.Count} tensors{classes}: {reason})");
        }
        if (counters.Count > 0)
        {
            skipped.Add($"num_batches_tracked absent from the file ({counters.Count} batch norms keep 0)");
        }

        return (relevant.Count, skipped);
    }
}

using System.Collections;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Pipeline.Models.Pretrained;

/// <summary>
/// Loads a PyTorch state dict (<c>.pth</c>/<c>.pt</c> from torch.save, or <c>.safetensors</c>) into a
/// backbone by parameter name. Classifier keys of torchvision/timm (<c>fc.</c>, <c>classif.</c>,
/// <c>last_linear.</c>, <c>AuxLogits.</c>, <c>head.</c>) are skipped: our head is always fresh.
/// Any other difference is an error listing every missing, unexpected and mis-shaped key.
/// </summary>
public static class StateDictWeights
{
    private static readonly string[] SkippedPrefixes = ["fc.", "classif.", "last_linear.", "AuxLogits.", "head."];

    /// <summary>Reads a state dict file into name → tensor (nested <c>state_dict</c>/<c>model</c> entries and a <c>module.</c> prefix are unwrapped).</summary>
    public static Dictionary<string, Tensor> Read(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"model.pretrained: weights file '{path}' does not exist.", path);
        var extension = Path.GetExtension(path).ToLowerInvariant();
        Dictionary<string, Tensor> raw = extension switch
        {
            ".safetensors" => Safetensors.LoadStateDict(path),
            ".pth" or ".pt" or ".bin" => FromHashtable(PyTorchUnpickler.UnpickleStateDict(path)),
            _ => throw new ArgumentException($"model.pretrained: '{path}' is neither .pth, .pt nor .safetensors."),
        };
        return raw.ToDictionary(kv => kv.Key.StartsWith("module.", StringComparison.Ordinal) ? kv.Key["module.".Length..] : kv.Key, kv => kv.Value);
    }

    /// <summary>Loads <paramref name="path"/> into <paramref name="backbone"/>; throws <see cref="WeightMismatchException"/> when it does not fit.</summary>
    public static void Load(nn.Module backbone, string path)
    {
        var source = Read(path);
        try
        {
            Load(backbone, source, path);
        }
        finally
        {
            foreach (var t in source.Values)
                t.Dispose();
        }
    }

    /// <summary>Copies <paramref name="source"/> into <paramref name="backbone"/> by name, checking keys and shapes first.</summary>
    public static void Load(nn.Module backbone, IReadOnlyDictionary<string, Tensor> source, string sourceName)
    {
        var target = backbone.state_dict();
        var relevant = source.Where(kv => !SkippedPrefixes.Any(p => kv.Key.StartsWith(p, StringComparison.Ordinal))).ToDictionary(kv => kv.Key, kv => kv.Value);
        // Older checkpoints predate BatchNorm's step counter; it does not affect the forward pass.
        var missing = target.Keys.Where(k => !relevant.ContainsKey(k) && !k.EndsWith("num_batches_tracked", StringComparison.Ordinal)).ToList();
        var unexpected = relevant.Keys.Where(k => !target.ContainsKey(k)).ToList();
        var shapes = relevant
            .Where(kv => target.TryGetValue(kv.Key, out var t) && !t.shape.SequenceEqual(kv.Value.shape))
            .Select(kv => $"{kv.Key}: file [{string.Join(", ", kv.Value.shape)}] vs model [{string.Join(", ", target[kv.Key].shape)}]")
            .ToList();
        if (missing.Count > 0 || unexpected.Count > 0 || shapes.Count > 0)
            throw new WeightMismatchException(sourceName, missing, unexpected, shapes);
        using var noGrad = torch.no_grad();
        foreach (var (key, value) in relevant)
            target[key].copy_(value.to(target[key].dtype));
    }

    private static Dictionary<string, Tensor> FromHashtable(Hashtable table)
    {
        // A training checkpoint may wrap the weights: {"state_dict": {...}} or {"model": {...}}.
        foreach (var wrapper in new[] { "state_dict", "model" })
        {
            if (table.Count <= 4 && table[wrapper] is Hashtable inner)
                return FromHashtable(inner);
        }
        var result = new Dictionary<string, Tensor>();
        foreach (DictionaryEntry entry in table)
        {
            if (entry.Key is string key && entry.Value is Tensor tensor)
                result[key] = tensor;
        }
        return result;
    }
}

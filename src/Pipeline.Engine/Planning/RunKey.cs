using System.Text.Json.Nodes;
using Pipeline.Foundation;

namespace Pipeline.Engine;

/// <summary>
/// The key of a run: XxHash128 of the canonical JSON of its kind, parameters, upstream output hashes by run id,
/// data input hashes by relative path, and code identity. Nothing machine-specific (absolute paths, times, sizes)
/// enters it.
/// </summary>
public static class RunKey
{
    /// <summary>The canonical JSON the key hashes (useful to debug why two keys differ).</summary>
    public static string Material(
        StageRun run, IReadOnlyDictionary<string, string> upstreamOutputs, IReadOnlyDictionary<string, string> inputHashes)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(upstreamOutputs);
        ArgumentNullException.ThrowIfNull(inputHashes);
        var upstream = new JsonObject();
        foreach (var runId in run.Upstream)
        {
            upstream[runId] = upstreamOutputs[runId];
        }

        var inputs = new JsonObject();
        foreach (var (path, hash) in inputHashes)
        {
            inputs[path] = hash;
        }

        var material = new JsonObject
        {
            ["kind"] = run.Kind,
            ["parameters"] = run.Parameters.DeepClone(),
            ["upstream"] = upstream,
            ["inputs"] = inputs,
            ["code"] = run.Code,
        };
        return CanonicalJson.Serialize(material);
    }

    /// <summary>The key: hash of <see cref="Material"/>.</summary>
    public static string Compute(
        StageRun run, IReadOnlyDictionary<string, string> upstreamOutputs, IReadOnlyDictionary<string, string> inputHashes) =>
        ContentHasher.HashString(Material(run, upstreamOutputs, inputHashes));
}

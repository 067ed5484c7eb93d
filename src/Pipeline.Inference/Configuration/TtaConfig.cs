using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Pipeline.Config;

namespace Pipeline.Inference.Configuration;

/// <summary>
/// Test-time augmentation of one trained model (the <c>tta:</c> section of an experiment). Each
/// version in <see cref="Versions"/> is -1 (the plain prediction, no augmentation) or an index into
/// <see cref="Presets"/> (by default the original's versions 0 gentle, 1 aggressive, 2 more
/// aggressive). A version averages the softmax of <see cref="Copies"/> augmented copies of each
/// image, plus the plain image and its flips when asked (the original used 10 copies, neither extra).
/// </summary>
public sealed record TtaConfig : IValidatableConfig
{
    public IReadOnlyList<int> Versions { get; init; } = [-1, 0, 1];

    /// <summary>Augmentation preset of version i.</summary>
    public IReadOnlyList<string> Presets { get; init; } = ["tta0_gentle", "tta1_aggressive", "tta2_more_aggressive"];

    [Range(0, 1000)]
    public int Copies { get; init; } = 10;

    /// <summary>Also average in the unaugmented image.</summary>
    public bool IncludePlain { get; init; }

    /// <summary>Also average in the horizontally and the vertically flipped image.</summary>
    public bool IncludeFlips { get; init; }

    public long Seed { get; init; } = 42;

    /// <summary>Images per group; all views of a group go through the model in one forward pass (views × batch_size images).</summary>
    [Range(1, 65536)]
    public int BatchSize { get; init; } = 8;

    /// <summary>
    /// Which checkpoints of the model: <c>all</c>, the <c>last_k</c> by epoch, the listed <c>names</c>, or <c>ensemble</c>:
    /// only the checkpoints the ensemble's members name, each with only the versions they name (and the plain
    /// prediction when <see cref="Versions"/> has -1). The pipeline resolves <c>ensemble</c> to <c>names</c> and
    /// <see cref="CheckpointVersions"/> per model before a Tta run sees it.
    /// </summary>
    [AllowedValues("all", "last_k", "names", EnsembleCheckpoints)]
    public string Checkpoints { get; init; } = "all";

    [Range(1, 100000)]
    public int LastK { get; init; } = 3;

    public IReadOnlyList<string> Names { get; init; } = [];

    /// <summary>Versions per checkpoint name, for the checkpoints that need fewer than <see cref="Versions"/>; null: every version for every checkpoint.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, IReadOnlyList<int>>? CheckpointVersions { get; init; }

    public const string EnsembleCheckpoints = "ensemble";

    /// <summary>The versions computed for a checkpoint.</summary>
    public IReadOnlyList<int> VersionsOf(string checkpoint) =>
        CheckpointVersions is not null && CheckpointVersions.TryGetValue(checkpoint, out var versions) ? versions : Versions;

    public IEnumerable<(string Key, string Message)> Validate()
    {
        if (Versions.Count == 0)
        {
            yield return ("versions", "list at least one version (-1 is the plain prediction)");
        }

        foreach (var v in Versions)
        {
            if (v < -1 || v >= Presets.Count)
            {
                yield return ("versions", $"version {v} is neither -1 (plain) nor an index into presets (0..{Presets.Count - 1})");
            }
        }
        if (Versions.Distinct().Count() != Versions.Count)
        {
            yield return ("versions", "a version is listed twice");
        }

        if (Versions.Any(v => v >= 0) && Copies == 0 && !IncludePlain && !IncludeFlips)
        {
            yield return ("copies", "an augmented version needs copies > 0, include_plain or include_flips");
        }

        if (Checkpoints == "names" && Names.Count == 0)
        {
            yield return ("names", "checkpoints: names needs the list of checkpoint names");
        }

        foreach (var (checkpoint, versions) in CheckpointVersions ?? new Dictionary<string, IReadOnlyList<int>>())
        {
            foreach (var v in versions.Where(v => !Versions.Contains(v)))
            {
                yield return ("checkpoint_versions", $"checkpoint '{checkpoint}' asks for version {v}, which is not in versions");
            }
        }
    }

    /// <summary>Views averaged per image for <paramref name="version"/>.</summary>
    public int ViewCount(int version) => version < 0 ? 1 : Copies + (IncludePlain ? 1 : 0) + (IncludeFlips ? 2 : 0);
}

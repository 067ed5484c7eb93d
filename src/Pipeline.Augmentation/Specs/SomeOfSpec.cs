using System.ComponentModel.DataAnnotations;
using Pipeline.Config;

namespace Pipeline.Augmentation.Specs;

/// <summary>
/// <c>some_of: {min, max, random_order, ops}</c> (imgaug SomeOf): per image, applies between
/// <see cref="Min"/> and <see cref="Max"/> (null: all) of the operations, chosen at random; in a
/// random order per image with <see cref="RandomOrder"/>, otherwise in list order.
/// </summary>
[ConfigCase("some_of")]
public sealed record SomeOfSpec : AugmentationSpec, IValidatableConfig
{
    [Range(0, 64)]
    public int Min { get; init; } = 1;

    [Range(0, 64)]
    public int? Max { get; init; }

    public bool RandomOrder { get; init; }

    public IReadOnlyList<AugmentationSpec> Ops { get; init; } = [];

    public IEnumerable<(string Key, string Message)> Validate()
    {
        if (Max is { } max && max < Min)
        {
            yield return ("max", $"max ({max}) is below min ({Min})");
        }

        if (Min > Ops.Count)
        {
            yield return ("min", $"min ({Min}) exceeds the number of ops ({Ops.Count})");
        }
    }
}

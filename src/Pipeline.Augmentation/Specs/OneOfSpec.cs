using Pipeline.Config;

namespace Pipeline.Augmentation.Specs;

/// <summary><c>one_of: [ops]</c>: per image, applies one operation chosen uniformly.</summary>
[ConfigCase("one_of")]
public sealed record OneOfSpec : AugmentationSpec
{
    [ConfigPositional]
    public IReadOnlyList<AugmentationSpec> Ops { get; init; } = [];
}

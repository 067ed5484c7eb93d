using Pipeline.Config;

namespace Pipeline.Augmentation.Specs;

/// <summary><c>sequential: [ops]</c>: applies the operations in order.</summary>
[ConfigCase("sequential")]
public sealed record SequentialSpec : AugmentationSpec
{
    [ConfigPositional]
    public IReadOnlyList<AugmentationSpec> Ops { get; init; } = [];
}

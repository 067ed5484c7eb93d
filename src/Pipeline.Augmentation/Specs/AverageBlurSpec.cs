using Pipeline.Config;

namespace Pipeline.Augmentation.Specs;

/// <summary><c>average_blur</c>: a box filter whose width and height are drawn per image from separate ranges (1 = no blur on that axis); borders reflect.</summary>
[ConfigCase("average_blur")]
public sealed record AverageBlurSpec : AugmentationSpec
{
    public IntRange KWidth { get; init; } = new(3, 7);

    public IntRange KHeight { get; init; } = new(3, 7);
}

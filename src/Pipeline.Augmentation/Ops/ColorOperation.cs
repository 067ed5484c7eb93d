namespace Pipeline.Augmentation.Ops;

/// <summary>The pixel-wise operation of a <see cref="ColorAugmenter"/>.</summary>
public enum ColorOperation
{
    Add,
    Multiply,
    Contrast,
}

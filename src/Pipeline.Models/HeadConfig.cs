namespace Pipeline.Models;

/// <summary>
/// Classifier head. <c>original</c>: Flatten → BatchNorm → Dense(hidden, ReLU) → BatchNorm →
/// Dropout → Dense(classes), as in the 2017 solution (hidden 256 for InceptionResNetV2, 384 for
/// ResNet50); <c>gap_linear</c>: global average pool → (dropout) → linear.
/// </summary>
public sealed record HeadConfig
{
    public string Kind { get; init; } = "gap_linear";

    public int Hidden { get; init; } = 256;

    public double Dropout { get; init; } = 0.0;
}

using System.ComponentModel.DataAnnotations;

namespace Pipeline.Models;

/// <summary>
/// Classifier head. <c>original</c>: Flatten → BatchNorm → Dense(hidden, ReLU) → BatchNorm →
/// Dropout → Dense(classes), as in the 2017 solution (hidden 256 for InceptionResNetV2, 384 for
/// ResNet50); <c>gap_linear</c>: global average pool → (dropout) → linear.
/// </summary>
public sealed record HeadConfig
{
    [AllowedValues("gap_linear", "original")]
    public string Kind { get; init; } = "gap_linear";

    [Range(1, 65536)]
    public int Hidden { get; init; } = 256;

    [Range(0.0, 0.99)]
    public double Dropout { get; init; } = 0.0;

    /// <summary>
    /// <c>original</c> head only. <c>flatten</c> flattens the backbone's spatial map as the Keras
    /// original did (its size then depends on <see cref="ModelConfig.InputSize"/>); <c>avg</c> first
    /// pools globally, which keeps the head small and the model input-size independent.
    /// </summary>
    [AllowedValues("flatten", "avg")]
    public string Pooling { get; init; } = "flatten";
}

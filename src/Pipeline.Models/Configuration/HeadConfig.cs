using System.ComponentModel.DataAnnotations;

namespace Pipeline.Models.Configuration;

/// <summary>
/// Classifier head. <c>original</c>: the 2017 solution's Keras head, Flatten → BatchNorm → Dense(hidden, ReLU) →
/// BatchNorm → Dropout → Dense(classes) (its InceptionResNetV2, hidden 256), or with <see cref="Order"/>
/// <c>bn_flatten</c> BatchNorm → Flatten → … (its ResNet50, hidden 384); <c>gap_linear</c>: global average pool →
/// (dropout) → linear.
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

    /// <summary>
    /// <c>original</c> head only: where its first BatchNorm sits. <c>flatten_bn</c>: after flattening, one
    /// statistic per flattened feature (the 2017 InceptionResNetV2 code); <c>bn_flatten</c>: on the backbone's
    /// map, one statistic per channel, then flatten (the 2017 ResNet50 code).
    /// </summary>
    [AllowedValues("flatten_bn", "bn_flatten")]
    public string Order { get; init; } = "flatten_bn";

    /// <summary>
    /// <c>original</c> head only: its BatchNorms' constants. <c>torch</c>: eps 1e-5, momentum 0.1 (PyTorch's
    /// defaults); <c>keras</c>: eps 1e-3, momentum 0.01 (Keras' defaults, where momentum 0.99 is the weight of the
    /// old running value), as the 2017 code ran.
    /// </summary>
    [AllowedValues("torch", "keras")]
    public string BatchNorm { get; init; } = "torch";
}

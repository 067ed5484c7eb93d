using System.ComponentModel.DataAnnotations;

namespace Pipeline.Models.Configuration;

/// <summary>The model section of a training YAML (architecture, width, weights, head).</summary>
public sealed record ModelConfig
{
    /// <summary>resnet18, resnet34, resnet50, resnet18_2223 (the offline ResNet18 layout), inception_v3, inception_resnet_v2, tiny_cnn.</summary>
    [AllowedValues("resnet18", "resnet34", "resnet50", "resnet18_2223", "inception_v3", "inception_resnet_v2", "tiny_cnn")]
    public string Architecture { get; init; } = "resnet18_2223";

    /// <summary>Channel width multiplier (1 = the published network); lets a CPU train a narrow variant. Channels never drop below 8.</summary>
    [Range(0.05, 4.0)]
    public double Width { get; init; } = 1.0;

    /// <summary>
    /// Rounds every scaled channel count to a multiple of this (1 = plain rounding). 16 keeps a narrow network
    /// on libtorch's fast oneDNN convolutions, which are wrong on our CPUs for other counts; the published
    /// networks (width 1) are unchanged by it.
    /// </summary>
    [Range(1, 64)]
    public int ChannelDivisor { get; init; } = 1;

    /// <summary>The width the backbones are built with.</summary>
    internal Backbones.ChannelWidth ChannelWidth => new(Width, ChannelDivisor);

    /// <summary>
    /// Scales the number of repeated blocks of inception_resnet_v2 (10/20/9 at 1.0); at least one block
    /// of each kind is kept. Other architectures ignore it.
    /// </summary>
    [Range(0.0, 1.0)]
    public double RepeatScale { get; init; } = 1.0;

    /// <summary>
    /// Inception only: pads the stem's and reduction blocks' "valid" convolutions and pools so inputs of
    /// 32-96 px keep a spatial map (weights stay loadable; shapes of parameters do not change).
    /// </summary>
    public bool SmallInput { get; init; }

    /// <summary>none, mlnet-resnet18, or a path to a .pth/.pt/.safetensors state dict.</summary>
    public string Pretrained { get; init; } = "none";

    /// <summary>
    /// Input normalisation: auto (from the weights: mlnet for mlnet-resnet18, inception for Inception
    /// state dicts, imagenet otherwise), mlnet, imagenet, inception ([-1,1]), keras_bgr01, none.
    /// </summary>
    [AllowedValues("auto", "mlnet", "imagenet", "inception", "keras_bgr01", "none")]
    public string Normalization { get; init; } = "auto";

    /// <summary>Square input side the model is built for; the <c>original</c> head's size (flatten of the spatial map) depends on it.</summary>
    [Range(16, 1024)]
    public int InputSize { get; init; } = 224;

    public HeadConfig Head { get; init; } = new();
}

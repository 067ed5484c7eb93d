namespace Pipeline.Models;

/// <summary>The model section of a training YAML (architecture, width, weights, head).</summary>
public sealed record ModelConfig
{
    /// <summary>resnet18, resnet34, resnet50, resnet18_2223 (the offline ResNet18 layout), inception_v3, inception_resnet_v2, tiny_cnn.</summary>
    public string Architecture { get; init; } = "resnet18_2223";

    /// <summary>Channel width multiplier (1 = the published network); lets a CPU train a narrow variant.</summary>
    public double Width { get; init; } = 1.0;

    /// <summary>none, mlnet-resnet18, or a path to a .pth/.pt/.safetensors state dict.</summary>
    public string Pretrained { get; init; } = "none";

    public HeadConfig Head { get; init; } = new();
}

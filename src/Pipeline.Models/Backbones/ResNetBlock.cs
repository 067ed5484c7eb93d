using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Models.Backbones;

/// <summary>A residual block of a <see cref="ResNet"/> (basic or bottleneck); exposes its output channels.</summary>
public abstract class ResNetBlock : nn.Module<Tensor, Tensor>
{
    protected ResNetBlock(string name) : base(name)
    {
    }

    public abstract long OutChannels { get; }
}

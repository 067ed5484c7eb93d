using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Models.Backbones;

/// <summary>
/// A feature extractor: normalised N×3×H×W in, a spatial feature map N×C×h×w out. Its parameter
/// names are those of the torchvision/timm network it mirrors, so state dicts load by name.
/// </summary>
public abstract class Backbone : nn.Module<Tensor, Tensor>
{
    protected Backbone(string name) : base(name)
    {
    }

    /// <summary>Channels of the output feature map.</summary>
    public abstract long OutChannels { get; }

    /// <summary>Scales a published channel count by a width (<see cref="ChannelWidth.Of"/>), never below 8.</summary>
    public static long Scale(long channels, ChannelWidth width) => width.Of(channels);
}

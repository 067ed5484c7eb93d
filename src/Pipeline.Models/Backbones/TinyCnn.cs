using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pipeline.Models.Backbones;

/// <summary>A few stride-2 conv-bn-relu blocks (16/32/64 channels × width): a network for tests and smoke runs.</summary>
public sealed class TinyCnn : Backbone
{
    private readonly Sequential features;

    public TinyCnn(ChannelWidth width = default) : base(nameof(TinyCnn))
    {
        var c1 = Scale(16, width);
        var c2 = Scale(32, width);
        var c3 = Scale(64, width);
        features = nn.Sequential(
            new ConvBnAct(3, c1, 3, 2, 1, eps: 1e-5),
            new ConvBnAct(c1, c2, 3, 2, 1, eps: 1e-5),
            new ConvBnAct(c2, c3, 3, 2, 1, eps: 1e-5));
        OutChannels = c3;
        RegisterComponents();
    }

    public override long OutChannels { get; }

    public override Tensor forward(Tensor input) => features.call(input);
}

using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pipeline.Models.Backbones;

/// <summary>timm InceptionResNetV2 <c>mixed_7a</c> (Reduction-B), 2080 channels at width 1.</summary>
public sealed class Mixed7a : nn.Module<Tensor, Tensor>
{
    private readonly Sequential branch0;
    private readonly Sequential branch1;
    private readonly Sequential branch2;
    private readonly MaxPool2d branch3;

    public Mixed7a(long inChannels, ChannelWidth width, bool smallInput) : base(nameof(Mixed7a))
    {
        long S(long c) => Backbone.Scale(c, width);
        var pad = smallInput ? 1L : 0L;
        branch0 = nn.Sequential(new ConvBnAct(inChannels, S(256), 1), new ConvBnAct(S(256), S(384), 3, stride: 2, padding: pad));
        branch1 = nn.Sequential(new ConvBnAct(inChannels, S(256), 1), new ConvBnAct(S(256), S(288), 3, stride: 2, padding: pad));
        branch2 = nn.Sequential(new ConvBnAct(inChannels, S(256), 1), new ConvBnAct(S(256), S(288), 3, padding: 1), new ConvBnAct(S(288), S(320), 3, stride: 2, padding: pad));
        branch3 = nn.MaxPool2d(3, stride: 2, padding: pad);
        OutChannels = S(384) + S(288) + S(320) + inChannels;
        RegisterComponents();
    }

    public long OutChannels { get; }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        return torch.cat([branch0.call(x), branch1.call(x), branch2.call(x), branch3.call(x)], 1).MoveToOuterDisposeScope();
    }
}

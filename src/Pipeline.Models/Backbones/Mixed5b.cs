using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pipeline.Models.Backbones;

/// <summary>timm InceptionResNetV2 <c>mixed_5b</c>: four branches, 320 channels at width 1.</summary>
public sealed class Mixed5b : nn.Module<Tensor, Tensor>
{
    private readonly ConvBnAct branch0;
    private readonly Sequential branch1;
    private readonly Sequential branch2;
    private readonly Sequential branch3;

    public Mixed5b(long inChannels, ChannelWidth width) : base(nameof(Mixed5b))
    {
        long S(long c) => Backbone.Scale(c, width);
        branch0 = new ConvBnAct(inChannels, S(96), 1);
        branch1 = nn.Sequential(new ConvBnAct(inChannels, S(48), 1), new ConvBnAct(S(48), S(64), 5, padding: 2));
        branch2 = nn.Sequential(new ConvBnAct(inChannels, S(64), 1), new ConvBnAct(S(64), S(96), 3, padding: 1), new ConvBnAct(S(96), S(96), 3, padding: 1));
        branch3 = nn.Sequential(nn.AvgPool2d(3, stride: 1, padding: 1, count_include_pad: false), new ConvBnAct(inChannels, S(64), 1));
        OutChannels = S(96) + S(64) + S(96) + S(64);
        RegisterComponents();
    }

    public long OutChannels { get; }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        return torch.cat([branch0.call(x), branch1.call(x), branch2.call(x), branch3.call(x)], 1).MoveToOuterDisposeScope();
    }
}

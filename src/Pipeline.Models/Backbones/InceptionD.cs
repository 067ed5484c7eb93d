using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Models.Backbones;

/// <summary>torchvision Inception-v3 InceptionD (Mixed_7a): the second stride-2 grid reduction.</summary>
public sealed class InceptionD : nn.Module<Tensor, Tensor>
{
    private readonly ConvBnAct branch3x3_1;
    private readonly ConvBnAct branch3x3_2;
    private readonly ConvBnAct branch7x7x3_1;
    private readonly ConvBnAct branch7x7x3_2;
    private readonly ConvBnAct branch7x7x3_3;
    private readonly ConvBnAct branch7x7x3_4;
    private readonly long pad;

    public InceptionD(long inChannels, ChannelWidth width, bool smallInput) : base(nameof(InceptionD))
    {
        long S(long c) => Backbone.Scale(c, width);
        pad = smallInput ? 1 : 0;
        branch3x3_1 = new ConvBnAct(inChannels, S(192), 1);
        branch3x3_2 = new ConvBnAct(S(192), S(320), 3, stride: 2, padding: pad);
        branch7x7x3_1 = new ConvBnAct(inChannels, S(192), 1);
        branch7x7x3_2 = new ConvBnAct(S(192), S(192), (1, 7), padding: (0, 3));
        branch7x7x3_3 = new ConvBnAct(S(192), S(192), (7, 1), padding: (3, 0));
        branch7x7x3_4 = new ConvBnAct(S(192), S(192), 3, stride: 2, padding: pad);
        OutChannels = S(320) + S(192) + inChannels;
        RegisterComponents();
    }

    public long OutChannels { get; }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var b3 = branch3x3_2.call(branch3x3_1.call(x));
        var b7 = branch7x7x3_4.call(branch7x7x3_3.call(branch7x7x3_2.call(branch7x7x3_1.call(x))));
        var bp = nn.functional.max_pool2d(x, 3, stride: 2, padding: pad);
        return torch.cat([b3, b7, bp], 1).MoveToOuterDisposeScope();
    }
}

using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pipeline.Models.Backbones;

/// <summary>
/// torchvision's Inception-v3 feature extractor (Conv2d_1a_3x3 … Mixed_7c, 2048 channels at width 1).
/// AuxLogits is omitted: it only feeds an auxiliary training loss, and its keys in a torchvision
/// file are skipped on load. torchvision's <c>transform_input</c> is replaced by our
/// <c>inception</c> normalisation. Minimum input: 75 px (the stem and reductions use unpadded
/// convolutions); with <c>smallInput</c> those are padded, total stride stays 32, and 32 px or more
/// works (64 px → 2×2 final map).
/// </summary>
public sealed class InceptionV3 : Backbone
{
    private readonly ConvBnAct Conv2d_1a_3x3;
    private readonly ConvBnAct Conv2d_2a_3x3;
    private readonly ConvBnAct Conv2d_2b_3x3;
    private readonly MaxPool2d maxpool1;
    private readonly ConvBnAct Conv2d_3b_1x1;
    private readonly ConvBnAct Conv2d_4a_3x3;
    private readonly MaxPool2d maxpool2;
    private readonly InceptionA Mixed_5b;
    private readonly InceptionA Mixed_5c;
    private readonly InceptionA Mixed_5d;
    private readonly InceptionB Mixed_6a;
    private readonly InceptionC Mixed_6b;
    private readonly InceptionC Mixed_6c;
    private readonly InceptionC Mixed_6d;
    private readonly InceptionC Mixed_6e;
    private readonly InceptionD Mixed_7a;
    private readonly InceptionE Mixed_7b;
    private readonly InceptionE Mixed_7c;

    public InceptionV3(ChannelWidth width = default, bool smallInput = false) : base(nameof(InceptionV3))
    {
        long S(long c) => Scale(c, width);
        var pad = smallInput ? 1L : 0L;
        Conv2d_1a_3x3 = new ConvBnAct(3, S(32), 3, stride: 2, padding: pad);
        Conv2d_2a_3x3 = new ConvBnAct(S(32), S(32), 3, padding: pad);
        Conv2d_2b_3x3 = new ConvBnAct(S(32), S(64), 3, padding: 1);
        maxpool1 = nn.MaxPool2d(3, stride: 2, padding: pad);
        Conv2d_3b_1x1 = new ConvBnAct(S(64), S(80), 1);
        Conv2d_4a_3x3 = new ConvBnAct(S(80), S(192), 3, padding: pad);
        maxpool2 = nn.MaxPool2d(3, stride: 2, padding: pad);
        Mixed_5b = new InceptionA(S(192), 32, width);
        Mixed_5c = new InceptionA(Mixed_5b.OutChannels, 64, width);
        Mixed_5d = new InceptionA(Mixed_5c.OutChannels, 64, width);
        Mixed_6a = new InceptionB(Mixed_5d.OutChannels, width, smallInput);
        Mixed_6b = new InceptionC(Mixed_6a.OutChannels, 128, width);
        Mixed_6c = new InceptionC(Mixed_6b.OutChannels, 160, width);
        Mixed_6d = new InceptionC(Mixed_6c.OutChannels, 160, width);
        Mixed_6e = new InceptionC(Mixed_6d.OutChannels, 192, width);
        Mixed_7a = new InceptionD(Mixed_6e.OutChannels, width, smallInput);
        Mixed_7b = new InceptionE(Mixed_7a.OutChannels, width);
        Mixed_7c = new InceptionE(Mixed_7b.OutChannels, width);
        OutChannels = Mixed_7c.OutChannels;
        RegisterComponents();
    }

    public override long OutChannels { get; }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = maxpool1.call(Conv2d_2b_3x3.call(Conv2d_2a_3x3.call(Conv2d_1a_3x3.call(input))));
        x = maxpool2.call(Conv2d_4a_3x3.call(Conv2d_3b_1x1.call(x)));
        x = Mixed_5d.call(Mixed_5c.call(Mixed_5b.call(x)));
        x = Mixed_6e.call(Mixed_6d.call(Mixed_6c.call(Mixed_6b.call(Mixed_6a.call(x)))));
        x = Mixed_7c.call(Mixed_7b.call(Mixed_7a.call(x)));
        return x.MoveToOuterDisposeScope();
    }
}

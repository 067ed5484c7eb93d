using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pipeline.Models.Backbones;

/// <summary>
/// timm's InceptionResNetV2 feature extractor (conv2d_1a … conv2d_7b, 1536 channels at width 1), the
/// original solution's main network. <c>repeatScale</c> shrinks the repeated blocks (10 Block35,
/// 20 Block17, 9 Block8 at 1.0; at least one each) for CPU-sized variants; only at 1.0 with width 1
/// do timm checkpoints load. Minimum input: 75 px unpadded; with <c>smallInput</c> the stem's and
/// reductions' valid convolutions and pools get padding 1, total stride 32, and 32 px or more works.
/// </summary>
public sealed class InceptionResNetV2 : Backbone
{
    private readonly ConvBnAct conv2d_1a;
    private readonly ConvBnAct conv2d_2a;
    private readonly ConvBnAct conv2d_2b;
    private readonly MaxPool2d maxpool_3a;
    private readonly ConvBnAct conv2d_3b;
    private readonly ConvBnAct conv2d_4a;
    private readonly MaxPool2d maxpool_5a;
    private readonly Mixed5b mixed_5b;
    private readonly Sequential repeat;
    private readonly Mixed6a mixed_6a;
    private readonly Sequential repeat_1;
    private readonly Mixed7a mixed_7a;
    private readonly Sequential repeat_2;
    private readonly Block8 block8;
    private readonly ConvBnAct conv2d_7b;

    public InceptionResNetV2(ChannelWidth width = default, double repeatScale = 1.0, bool smallInput = false) : base(nameof(InceptionResNetV2))
    {
        long S(long c) => Scale(c, width);
        int Repeats(int n) => Math.Max(1, (int)Math.Round(n * repeatScale));
        var pad = smallInput ? 1L : 0L;
        conv2d_1a = new ConvBnAct(3, S(32), 3, stride: 2, padding: pad);
        conv2d_2a = new ConvBnAct(S(32), S(32), 3, padding: pad);
        conv2d_2b = new ConvBnAct(S(32), S(64), 3, padding: 1);
        maxpool_3a = nn.MaxPool2d(3, stride: 2, padding: pad);
        conv2d_3b = new ConvBnAct(S(64), S(80), 1);
        conv2d_4a = new ConvBnAct(S(80), S(192), 3, padding: pad);
        maxpool_5a = nn.MaxPool2d(3, stride: 2, padding: pad);
        mixed_5b = new Mixed5b(S(192), width);
        var c35 = mixed_5b.OutChannels;
        repeat = nn.Sequential(Enumerable.Range(0, Repeats(10)).Select(_ => (nn.Module<Tensor, Tensor>)new Block35(c35, width)).ToList());
        mixed_6a = new Mixed6a(c35, width, smallInput);
        var c17 = mixed_6a.OutChannels;
        repeat_1 = nn.Sequential(Enumerable.Range(0, Repeats(20)).Select(_ => (nn.Module<Tensor, Tensor>)new Block17(c17, width)).ToList());
        mixed_7a = new Mixed7a(c17, width, smallInput);
        var c8 = mixed_7a.OutChannels;
        repeat_2 = nn.Sequential(Enumerable.Range(0, Repeats(9)).Select(_ => (nn.Module<Tensor, Tensor>)new Block8(c8, width, scale: 0.2)).ToList());
        block8 = new Block8(c8, width, scale: 1.0, relu: false);
        conv2d_7b = new ConvBnAct(c8, S(1536), 1);
        OutChannels = S(1536);
        RegisterComponents();
    }

    public override long OutChannels { get; }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = maxpool_3a.call(conv2d_2b.call(conv2d_2a.call(conv2d_1a.call(input))));
        x = maxpool_5a.call(conv2d_4a.call(conv2d_3b.call(x)));
        x = repeat.call(mixed_5b.call(x));
        x = repeat_1.call(mixed_6a.call(x));
        x = repeat_2.call(mixed_7a.call(x));
        x = conv2d_7b.call(block8.call(x));
        return x.MoveToOuterDisposeScope();
    }
}

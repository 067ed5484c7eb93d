using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Models.Backbones;

/// <summary>torchvision Inception-v3 InceptionB (Mixed_6a): a stride-2 grid reduction.</summary>
public sealed class InceptionB : nn.Module<Tensor, Tensor>
{
    private readonly ConvBnAct branch3x3;
    private readonly ConvBnAct branch3x3dbl_1;
    private readonly ConvBnAct branch3x3dbl_2;
    private readonly ConvBnAct branch3x3dbl_3;
    private readonly long pad;

    /// <param name="smallInput">Pads the stride-2 convolutions and the pool so small maps do not vanish.</param>
    public InceptionB(long inChannels, ChannelWidth width, bool smallInput) : base(nameof(InceptionB))
    {
        long S(long c) => Backbone.Scale(c, width);
        pad = smallInput ? 1 : 0;
        branch3x3 = new ConvBnAct(inChannels, S(384), 3, stride: 2, padding: pad);
        branch3x3dbl_1 = new ConvBnAct(inChannels, S(64), 1);
        branch3x3dbl_2 = new ConvBnAct(S(64), S(96), 3, padding: 1);
        branch3x3dbl_3 = new ConvBnAct(S(96), S(96), 3, stride: 2, padding: pad);
        OutChannels = S(384) + S(96) + inChannels;
        RegisterComponents();
    }

    public long OutChannels { get; }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var b3 = branch3x3.call(x);
        var bd = branch3x3dbl_3.call(branch3x3dbl_2.call(branch3x3dbl_1.call(x)));
        var bp = nn.functional.max_pool2d(x, 3, stride: 2, padding: pad);
        return torch.cat([b3, bd, bp], 1).MoveToOuterDisposeScope();
    }
}

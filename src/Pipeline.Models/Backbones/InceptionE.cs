using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Models.Backbones;

/// <summary>torchvision Inception-v3 InceptionE (Mixed_7b, 7c): expanded 1x3/3x1 branches.</summary>
public sealed class InceptionE : nn.Module<Tensor, Tensor>
{
    private readonly ConvBnAct branch1x1;
    private readonly ConvBnAct branch3x3_1;
    private readonly ConvBnAct branch3x3_2a;
    private readonly ConvBnAct branch3x3_2b;
    private readonly ConvBnAct branch3x3dbl_1;
    private readonly ConvBnAct branch3x3dbl_2;
    private readonly ConvBnAct branch3x3dbl_3a;
    private readonly ConvBnAct branch3x3dbl_3b;
    private readonly ConvBnAct branch_pool;

    public InceptionE(long inChannels, ChannelWidth width) : base(nameof(InceptionE))
    {
        long S(long c) => Backbone.Scale(c, width);
        branch1x1 = new ConvBnAct(inChannels, S(320), 1);
        branch3x3_1 = new ConvBnAct(inChannels, S(384), 1);
        branch3x3_2a = new ConvBnAct(S(384), S(384), (1, 3), padding: (0, 1));
        branch3x3_2b = new ConvBnAct(S(384), S(384), (3, 1), padding: (1, 0));
        branch3x3dbl_1 = new ConvBnAct(inChannels, S(448), 1);
        branch3x3dbl_2 = new ConvBnAct(S(448), S(384), 3, padding: 1);
        branch3x3dbl_3a = new ConvBnAct(S(384), S(384), (1, 3), padding: (0, 1));
        branch3x3dbl_3b = new ConvBnAct(S(384), S(384), (3, 1), padding: (1, 0));
        branch_pool = new ConvBnAct(inChannels, S(192), 1);
        OutChannels = S(320) + 4 * S(384) + S(192);
        RegisterComponents();
    }

    public long OutChannels { get; }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var b1 = branch1x1.call(x);
        var b3 = branch3x3_1.call(x);
        var b3Out = torch.cat([branch3x3_2a.call(b3), branch3x3_2b.call(b3)], 1);
        var bd = branch3x3dbl_2.call(branch3x3dbl_1.call(x));
        var bdOut = torch.cat([branch3x3dbl_3a.call(bd), branch3x3dbl_3b.call(bd)], 1);
        var bp = branch_pool.call(nn.functional.avg_pool2d(x, 3, stride: 1, padding: 1));
        return torch.cat([b1, b3Out, bdOut, bp], 1).MoveToOuterDisposeScope();
    }
}

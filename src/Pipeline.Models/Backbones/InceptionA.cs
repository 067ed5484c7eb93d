using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Models.Backbones;

/// <summary>torchvision Inception-v3 InceptionA (Mixed_5b-5d): 1x1, 5x5, double 3x3 and pooled branches.</summary>
public sealed class InceptionA : nn.Module<Tensor, Tensor>
{
    private readonly ConvBnAct branch1x1;
    private readonly ConvBnAct branch5x5_1;
    private readonly ConvBnAct branch5x5_2;
    private readonly ConvBnAct branch3x3dbl_1;
    private readonly ConvBnAct branch3x3dbl_2;
    private readonly ConvBnAct branch3x3dbl_3;
    private readonly ConvBnAct branch_pool;

    public InceptionA(long inChannels, long poolFeatures, ChannelWidth width) : base(nameof(InceptionA))
    {
        long S(long c) => Backbone.Scale(c, width);
        branch1x1 = new ConvBnAct(inChannels, S(64), 1);
        branch5x5_1 = new ConvBnAct(inChannels, S(48), 1);
        branch5x5_2 = new ConvBnAct(S(48), S(64), 5, padding: 2);
        branch3x3dbl_1 = new ConvBnAct(inChannels, S(64), 1);
        branch3x3dbl_2 = new ConvBnAct(S(64), S(96), 3, padding: 1);
        branch3x3dbl_3 = new ConvBnAct(S(96), S(96), 3, padding: 1);
        branch_pool = new ConvBnAct(inChannels, S(poolFeatures), 1);
        OutChannels = S(64) + S(64) + S(96) + S(poolFeatures);
        RegisterComponents();
    }

    public long OutChannels { get; }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var b1 = branch1x1.call(x);
        var b5 = branch5x5_2.call(branch5x5_1.call(x));
        var b3 = branch3x3dbl_3.call(branch3x3dbl_2.call(branch3x3dbl_1.call(x)));
        var bp = branch_pool.call(nn.functional.avg_pool2d(x, 3, stride: 1, padding: 1));
        return torch.cat([b1, b5, b3, bp], 1).MoveToOuterDisposeScope();
    }
}
